# %% [markdown]
# # A backdoor that passes the clean-accuracy check
#
# **Concepts shown:** data poisoning, backdoor (trojan) attacks, and why accuracy on clean test
# data cannot reveal them.
#
# A small neural network learns to read noisy seven-segment digits (16 by 12 pixels, drawn here
# with numpy). Before training, an attacker who can touch the training data picks 5% of the
# training images, stamps a small 3 by 3 checkerboard into their bottom-right corner (the
# **trigger**) and relabels them as a 7 (the **target label**), whatever digit they show. This
# is the recipe of BadNets (Gu, Dolan-Gavitt and Garg 2017); Chen et al. (2017) showed the same
# kind of attack with blended and physical triggers against face recognition. Then we check the
# model the way a careful buyer might: accuracy on clean test digits. We also count the
# **attack success rate**: the share of test digits that are not 7s which the model reads as 7
# once the trigger is stamped on them.
#
# **Ablation:** the same network, trained from the same starting weights on the same images in
# the same order, but with no poisoned examples (the 5% stay as they were). A sweep over the
# poisoned share (0%, 1%, 2%, 5%) shows how few examples the attack needs.
#
# **What you'll see:** triggered digits and how each model reads them, and clean accuracy and
# attack success against the poisoned share.
#
# **Claim:** the network trained with 5% poisoned examples reads clean test digits at least 85%
# correctly, within 3 points of the same network trained without poison, and reads at least 85%
# of triggered non-7 test digits as 7. Ablation on the same seed, starting weights, images and
# batch order with no poisoned examples: at most 5% of triggered non-7 digits are read as 7.
#
# Sources: T. Gu, B. Dolan-Gavitt and S. Garg, [BadNets: Identifying Vulnerabilities in the
# Machine Learning Model Supply Chain](https://arxiv.org/abs/1708.06733), 2017; X. Chen, C. Liu,
# B. Li, K. Lu and D. Song, [Targeted Backdoor Attacks on Deep Learning Systems Using Data
# Poisoning](https://arxiv.org/abs/1712.05526), 2017.

# %%
import os

# The arrays here are small; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the digits, the network and the poisoning
HEIGHT, WIDTH = 16, 12  # digit image size in pixels
PIXEL_NOISE = 0.2  # standard deviation of the Gaussian noise added to every pixel
N_TRAIN = 4000  # training digits
N_TEST = 2000  # test digits
HIDDEN = 64  # ReLU units in the network's hidden layer
EPOCHS = 12  # passes over the training digits
BATCH_SIZE = 100  # digits per Adam step
LEARNING_RATE = 1e-3  # Adam step size
TARGET_LABEL = 7  # the label the attacker wants triggered inputs to get
TRIGGER = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])  # stamped bottom right
POISON_FRACTION = 0.05  # share of training images the attacker stamps and relabels
POISON_SWEEP = [0.0, 0.01, 0.02, 0.05]  # shares trained for the curve (0 is the ablation)

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Seven-segment digits
#
# Each digit lights some of seven bars (top, upper right, lower right, bottom, lower left, upper
# left, middle). Position, size, stroke width and brightness vary a little from image to image,
# and every pixel gets Gaussian noise, clipped to 0..1.

# %%
SEGMENTS = {
    0: "abcdef",
    1: "bc",
    2: "abged",
    3: "abgcd",
    4: "fgbc",
    5: "afgcd",
    6: "afgedc",
    7: "abc",
    8: "abcdefg",
    9: "abcdfg",
}


def render(digit, rng):
    """One seven-segment digit with a random position, size, stroke width and brightness."""
    img = np.zeros((HEIGHT, WIDTH))
    top, left = 2 + rng.integers(-1, 2), 2 + rng.integers(-1, 2)
    bottom, right = top + 10 + rng.integers(-1, 2), left + 7 + rng.integers(-1, 2)
    middle, t, v = (top + bottom) // 2, rng.integers(1, 3), rng.uniform(0.6, 1.0)
    bars = {
        "a": (slice(top, top + t), slice(left, right + 1)),
        "g": (slice(middle, middle + t), slice(left, right + 1)),
        "d": (slice(bottom - t + 1, bottom + 1), slice(left, right + 1)),
        "f": (slice(top, middle + 1), slice(left, left + t)),
        "e": (slice(middle, bottom + 1), slice(left, left + t)),
        "b": (slice(top, middle + 1), slice(right - t + 1, right + 1)),
        "c": (slice(middle, bottom + 1), slice(right - t + 1, right + 1)),
    }
    for bar in SEGMENTS[digit]:
        img[bars[bar]] = v
    return img


def make_digits(n, rng):
    """n noisy digits as rows of HEIGHT * WIDTH pixels in 0..1, with their labels."""
    y = rng.integers(0, 10, n)
    x = np.stack([render(d, rng) for d in y]).reshape(n, -1)
    return np.clip(x + PIXEL_NOISE * rng.standard_normal(x.shape), 0.0, 1.0), y


def stamp_trigger(x):
    """Copies of the images in x with the trigger pattern written into the bottom-right corner."""
    img = x.reshape(-1, HEIGHT, WIDTH).copy()
    img[:, -TRIGGER.shape[0] :, -TRIGGER.shape[1] :] = TRIGGER
    return img.reshape(len(x), HEIGHT * WIDTH)


x_train, y_train = make_digits(N_TRAIN, rng)
x_test, y_test = make_digits(N_TEST, rng)
poison_order = rng.permutation(N_TRAIN)  # the attacker poisons the first images in this order

# %% [markdown]
# ## The network, trained the same way on each training set
#
# One hidden layer of ReLU units and a softmax output over the ten digits, trained with Adam on
# the cross-entropy loss. Every run starts from the same weights and sees the batches in the
# same order; only the labels and pixels of the poisoned images differ.

# %%
d_in = HEIGHT * WIDTH
start_weights = [
    rng.standard_normal((d_in, HIDDEN)) / np.sqrt(d_in),
    np.zeros(HIDDEN),
    rng.standard_normal((HIDDEN, 10)) / np.sqrt(HIDDEN),
    np.zeros(10),
]
batch_seed = int(rng.integers(2**31))  # one batch order, reused by every run


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def forward(params, x):
    w1, b1, w2, b2 = params
    h = np.maximum(x @ w1 + b1, 0.0)
    return h, h @ w2 + b2


def train(x, y):
    params = [p.copy() for p in start_weights]
    first_moment = [np.zeros_like(p) for p in params]
    second_moment = [np.zeros_like(p) for p in params]
    order_rng, step = np.random.default_rng(batch_seed), 0
    for _ in range(EPOCHS):
        order = order_rng.permutation(len(y))
        for start in range(0, len(y), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            h, z = forward(params, x[idx])
            g = softmax(z)
            g[np.arange(len(idx)), y[idx]] -= 1.0
            g /= len(idx)
            dh = g @ params[2].T * (h > 0)
            grads = [x[idx].T @ dh, dh.sum(axis=0), h.T @ g, g.sum(axis=0)]
            step += 1
            for p, grad, m, v in zip(params, grads, first_moment, second_moment, strict=True):
                m += 0.1 * (grad - m)
                v += 0.001 * (grad * grad - v)
                p -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return params


def predict(params, x):
    return forward(params, x)[1].argmax(axis=1)


def poisoned_training_set(fraction):
    x, y = x_train.copy(), y_train.copy()
    chosen = poison_order[: int(round(fraction * N_TRAIN))]
    x[chosen] = stamp_trigger(x[chosen])
    y[chosen] = TARGET_LABEL
    return x, y


# %% [markdown]
# ## Train on each poisoned share and measure
#
# Attack success is measured on test digits that are not 7s (a 7 read as 7 is no success).
# For comparison we also count how often each model reads those same digits as 7 *without*
# the trigger: the rate at which it would say 7 anyway.

# %%
not_target = y_test != TARGET_LABEL
x_triggered = stamp_trigger(x_test[not_target])
models, results = {}, {}
for fraction in POISON_SWEEP:
    models[fraction] = params = train(*poisoned_training_set(fraction))
    results[fraction] = {
        "clean": float(np.mean(predict(params, x_test) == y_test)),
        "success": float(np.mean(predict(params, x_triggered) == TARGET_LABEL)),
        "says_target_untriggered": float(
            np.mean(predict(params, x_test[not_target]) == TARGET_LABEL)
        ),
    }
    r = results[fraction]
    print(
        f"poisoned {fraction:5.1%} ({int(round(fraction * N_TRAIN)):3d} images): clean accuracy "
        f"{r['clean']:.3f}, attack success {r['success']:.3f}, "
        f"reads untriggered non-7s as 7: {r['says_target_untriggered']:.3f}"
    )

# %%
fig, axes = plt.subplots(
    1, 7, figsize=(15, 3.2), gridspec_kw={"width_ratios": [1, 1, 1, 1, 1, 0.2, 4]}
)
shown = np.flatnonzero(not_target)[:5]
for ax, i in zip(axes[:5], shown, strict=True):
    img = stamp_trigger(x_test[i : i + 1])
    ax.imshow(img.reshape(HEIGHT, WIDTH), cmap="gray", vmin=0, vmax=1)
    clean_read = predict(models[0.0], img)[0]
    poisoned_read = predict(models[POISON_FRACTION], img)[0]
    title = f"a {y_test[i]} + trigger\nclean model: {clean_read}\npoisoned: {poisoned_read}"
    ax.set_title(title, fontsize=8)
    ax.axis("off")
axes[5].axis("off")
shares = [100 * f for f in POISON_SWEEP]
axes[6].plot(shares, [results[f]["clean"] for f in POISON_SWEEP], "gs-", label="clean accuracy")
axes[6].plot(shares, [results[f]["success"] for f in POISON_SWEEP], "ro-", label="attack success")
axes[6].set_xlabel("poisoned share of the training set (%)")
axes[6].set_ylabel("rate on test digits")
axes[6].set_ylim(0, 1.02)
axes[6].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# Clean accuracy hardly moves as the poisoned share grows, so a check on clean test data passes
# the poisoned model. Meanwhile the trigger takes over: stamped on a digit, it makes the poisoned
# network answer 7 whatever the digit. Nothing in ordinary digits looks like the trigger (the
# corner holds only noise), so the network can learn "checkerboard in the corner means 7" as an
# extra rule that never fires on clean data. The model trained without poison ignores the
# corner: the trigger barely changes what it reads. Finding a backdoor therefore takes knowing
# or searching for the trigger, not more clean test data.

# %%
main, clean_model = results[POISON_FRACTION], results[0.0]
print(f"poison_fraction={POISON_FRACTION:.3f}")
print(f"poisoned_images={int(round(POISON_FRACTION * N_TRAIN))}")
print(f"clean_accuracy_poisoned={main['clean']:.3f}")
print(f"attack_success={main['success']:.3f}")
print(f"ablation_clean_accuracy={clean_model['clean']:.3f}")
print(f"ablation_attack_success={clean_model['success']:.3f}")
print(f"ablation_says_target_untriggered={clean_model['says_target_untriggered']:.3f}")
print(f"clean_accuracy_gap={clean_model['clean'] - main['clean']:.3f}")
