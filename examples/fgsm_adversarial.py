# %% [markdown]
# # Adversarial examples from the sign of the gradient (FGSM)
#
# **Concepts shown:** adversarial examples, the fast gradient sign method (FGSM), and the
# linearity explanation of why tiny perturbations fool models with many inputs.
#
# A small neural network learns to read noisy seven-segment digits (16 by 12 pixels, each
# between 0 and 1, drawn here with numpy). Then every test image gets a change of at most ε in
# every pixel (ε = 0.1, a tenth of the pixel range, with the result clipped back into 0..1).
# The **attack** (FGSM, Goodfellow, Shlens and Szegedy 2015) moves each pixel by ε in the
# direction that raises the network's loss on the true label: the sign of the loss's gradient
# with respect to the input. The **ablation** moves each pixel by the same ε in a random
# direction (a fair coin per pixel): the same images, the same network, the same size of change,
# only the choice of direction differs.
#
# Then a second, simpler experiment shows *why*, following Goodfellow et al.'s linearity
# argument. For a linear model with weights w, changing every input by ε in the direction of its
# weight's sign moves the score by ε times the sum of the absolute weights; a random-sign change
# of the same size moves it by only about ε times the length of w (the square root of the sum of
# squared weights), because the random pushes partly cancel. With d weights of similar size, the
# first grows like d and the second like the square root of d, so the attack's edge over random
# noise grows like the square root of d. We train a logistic regression on tasks of increasing d
# that are built to be equally hard (the same clean accuracy) and attack each with the same ε.
#
# **What you'll see:** a clean digit, the attack's perturbation and the attacked digit, which
# looks almost unchanged to us; accuracy against ε for the attack and for random directions; and
# accuracy against the input dimension d at a fixed ε for the linear model.
#
# **Claim:** the network reads clean test digits with at least 85% accuracy; after the FGSM
# perturbation of ε = 0.1 per pixel its accuracy is at most 10%. Ablation on the same seed,
# images, network and ε, with random signs instead of the gradient's signs: accuracy falls by at
# most 5 points. In the linear experiment at a fixed ε, the attack's cost in accuracy at
# d = 1000 exceeds its cost at d = 10 by at least 40 points, while random signs change accuracy
# by at most 5 points at every d.
#
# Sources: I. Goodfellow, J. Shlens and C. Szegedy, [Explaining and Harnessing Adversarial
# Examples](https://arxiv.org/abs/1412.6572), ICLR 2015; C. Szegedy et al., [Intriguing
# properties of neural networks](https://arxiv.org/abs/1312.6199), ICLR 2014.

# %%
import os

# The arrays here are small; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the digits, the network and the coin flips
HEIGHT, WIDTH = 16, 12  # digit image size in pixels
PIXEL_NOISE = 0.2  # standard deviation of the Gaussian noise added to every pixel
N_TRAIN = 4000  # training digits
N_TEST = 2000  # test digits
HIDDEN = 64  # ReLU units in the network's hidden layer
EPOCHS = 15  # passes over the training digits
BATCH_SIZE = 100  # digits per Adam step
LEARNING_RATE = 1e-3  # Adam step size
EPSILON = 0.1  # largest change allowed in any one pixel (the L-infinity budget)
EPSILON_SWEEP = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]  # budgets for the accuracy curves
LINEAR_DIMS = [10, 30, 100, 300, 1000]  # input dimensions d for the linearity experiment
LINEAR_SIGNAL = 1.5  # class separation in noise units, the same at every d (fixes clean accuracy)
LINEAR_EPSILON = 0.1  # per-input change in the linearity experiment (noise has std 1)
LINEAR_N_TRAIN = 2000  # training examples per linear task
LINEAR_N_TEST = 2000  # test examples per linear task
LINEAR_L2 = 1e-3  # small weight penalty for the logistic regressions
LINEAR_STEPS = 50  # full-batch gradient-descent steps for each logistic regression
LINEAR_LR = 0.5  # gradient-descent step size

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


x_train, y_train = make_digits(N_TRAIN, rng)
x_test, y_test = make_digits(N_TEST, rng)

# %% [markdown]
# ## A small network, trained with Adam
#
# One hidden layer of ReLU units and a softmax output over the ten digits, trained on the
# cross-entropy loss. `input_gradient` is the gradient of that loss with respect to the pixels,
# by the same backpropagation that training uses, one step further back.

# %%


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


d_in = HEIGHT * WIDTH
params = [
    rng.standard_normal((d_in, HIDDEN)) / np.sqrt(d_in),
    np.zeros(HIDDEN),
    rng.standard_normal((HIDDEN, 10)) / np.sqrt(HIDDEN),
    np.zeros(10),
]


def forward(x):
    w1, b1, w2, b2 = params
    h = np.maximum(x @ w1 + b1, 0.0)
    return h, h @ w2 + b2


def loss_gradient_at_logits(z, y):
    """Gradient of the summed cross-entropy with respect to the logits."""
    g = softmax(z)
    g[np.arange(len(y)), y] -= 1.0
    return g


def input_gradient(x, y):
    h, z = forward(x)
    return (loss_gradient_at_logits(z, y) @ params[2].T * (h > 0)) @ params[0].T


def accuracy(x, y):
    return float(np.mean(forward(x)[1].argmax(axis=1) == y))


first_moment = [np.zeros_like(p) for p in params]
second_moment = [np.zeros_like(p) for p in params]
step = 0
for _ in range(EPOCHS):
    order = rng.permutation(N_TRAIN)
    for start in range(0, N_TRAIN, BATCH_SIZE):
        idx = order[start : start + BATCH_SIZE]
        h, z = forward(x_train[idx])
        g = loss_gradient_at_logits(z, y_train[idx]) / len(idx)
        dh = g @ params[2].T * (h > 0)
        grads = [x_train[idx].T @ dh, dh.sum(axis=0), h.T @ g, g.sum(axis=0)]
        step += 1
        for p, grad, m, v in zip(params, grads, first_moment, second_moment, strict=True):
            m += 0.1 * (grad - m)
            v += 0.001 * (grad * grad - v)
            p -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)

clean_accuracy = accuracy(x_test, y_test)
print(f"train accuracy {accuracy(x_train, y_train):.3f}, test accuracy {clean_accuracy:.3f}")

# %% [markdown]
# ## The attack and its ablation
#
# Both perturbations change every pixel by exactly ε before clipping; they differ only in
# direction. The attack's direction comes from the network's own gradient; the ablation's from a
# coin.

# %%
attack_direction = np.sign(input_gradient(x_test, y_test))
random_direction = rng.choice([-1.0, 1.0], size=x_test.shape)


def perturbed(direction, eps):
    return np.clip(x_test + eps * direction, 0.0, 1.0)


fgsm_curve = [accuracy(perturbed(attack_direction, e), y_test) for e in EPSILON_SWEEP]
random_curve = [accuracy(perturbed(random_direction, e), y_test) for e in EPSILON_SWEEP]
for e, a, r in zip(EPSILON_SWEEP, fgsm_curve, random_curve, strict=True):
    print(f"epsilon {e:.2f}: FGSM accuracy {a:.3f}, random-sign accuracy {r:.3f}")

x_adv = perturbed(attack_direction, EPSILON)
fgsm_accuracy = accuracy(x_adv, y_test)
random_accuracy = accuracy(perturbed(random_direction, EPSILON), y_test)

# %% [markdown]
# ## Why: the linearity argument, on a linear model
#
# Two classes in d dimensions. Every input is the label (plus or minus one) times a small
# signal, LINEAR_SIGNAL divided by the square root of d, plus standard Gaussian noise. The total
# signal is then the same at every d, so an ideal classifier's clean accuracy is the same too
# (about 93%). Each logistic regression is attacked with the same ε per input.

# %%


def linear_task(d, n, rng):
    y = rng.choice([-1.0, 1.0], size=n)
    return y[:, None] * LINEAR_SIGNAL / np.sqrt(d) + rng.standard_normal((n, d)), y


linear_rows = []
for d in LINEAR_DIMS:
    xa, ya = linear_task(d, LINEAR_N_TRAIN, rng)
    xb, yb = linear_task(d, LINEAR_N_TEST, rng)
    w, b = np.zeros(d), 0.0
    for _ in range(LINEAR_STEPS):
        s = -ya / (1.0 + np.exp(ya * (xa @ w + b)))  # derivative of the logistic loss in the score
        w -= LINEAR_LR * (xa.T @ s / LINEAR_N_TRAIN + LINEAR_L2 * w)
        b -= LINEAR_LR * s.mean()
    # Gradient of the loss with respect to the input is -y * w / (1 + exp(y * score)): its sign
    # is -y * sign(w), the same for every example of a class.
    attack = -yb[:, None] * np.sign(w)[None, :]
    coins = rng.choice([-1.0, 1.0], size=xb.shape)

    def lin_acc(x, w=w, b=b, y=yb):
        return float(np.mean(np.sign(x @ w + b) == y))

    row = {
        "d": d,
        "clean": lin_acc(xb),
        "fgsm": lin_acc(xb + LINEAR_EPSILON * attack),
        "random": lin_acc(xb + LINEAR_EPSILON * coins),
        "l1_over_l2": float(np.abs(w).sum() / np.linalg.norm(w)),
    }
    linear_rows.append(row)
    print(
        f"d={d:5d}: clean {row['clean']:.3f}, FGSM {row['fgsm']:.3f}, random {row['random']:.3f}"
        f"  (sum |w| / length of w = {row['l1_over_l2']:.1f})"
    )

# %%
fig, axes = plt.subplots(1, 5, figsize=(16, 3.6), gridspec_kw={"width_ratios": [1, 1, 1, 2, 2]})
k = int(np.flatnonzero(forward(x_adv)[1].argmax(axis=1) != y_test)[0])  # first digit fooled
panels = [
    (
        x_test[k],
        f"clean {y_test[k]}: read as {forward(x_test[k : k + 1])[1].argmax()}",
        "gray",
        0,
        1,
    ),
    (attack_direction[k] * EPSILON, f"change (±{EPSILON})", "coolwarm", -EPSILON, EPSILON),
    (x_adv[k], f"attacked: read as {forward(x_adv[k : k + 1])[1].argmax()}", "gray", 0, 1),
]
for ax, (img, title, cmap, lo, hi) in zip(axes[:3], panels, strict=True):
    ax.imshow(img.reshape(HEIGHT, WIDTH), cmap=cmap, vmin=lo, vmax=hi)
    ax.set_title(title, fontsize=9)
    ax.axis("off")
axes[3].plot(EPSILON_SWEEP, fgsm_curve, "ro-", label="FGSM (gradient sign)")
axes[3].plot(EPSILON_SWEEP, random_curve, "ks--", label="ablation: random signs")
axes[3].axvline(EPSILON, color="grey", lw=0.8)
axes[3].set_xlabel("ε, largest change per pixel")
axes[3].set_ylabel("test accuracy (digits)")
axes[3].legend(fontsize=8)
dims = [r["d"] for r in linear_rows]
axes[4].semilogx(dims, [r["clean"] for r in linear_rows], "g^-", label="clean")
axes[4].semilogx(dims, [r["fgsm"] for r in linear_rows], "ro-", label="FGSM")
axes[4].semilogx(dims, [r["random"] for r in linear_rows], "ks--", label="random signs")
axes[4].set_xlabel(f"input dimension d (ε = {LINEAR_EPSILON} fixed)")
axes[4].set_ylabel("test accuracy (linear model)")
axes[4].set_ylim(0, 1)
axes[4].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# The attacked digit looks like the clean one with a little more speckle, yet the network reads
# it as another digit. Random speckle of exactly the same size costs a few points at most. The
# attack's changes are each tiny, but every one of them pushes the network's score the same
# way, so they add up; random changes mostly cancel. The linear experiment shows the same sum at
# work: the task is equally hard at every d, the random-sign accuracy stays flat, and the
# attack grows stronger as the number of inputs grows, because the ratio of the weights' summed
# size to their length (the last column printed above) grows like the square root of d.

# %%
print(f"clean_accuracy={clean_accuracy:.3f}")
print(f"epsilon={EPSILON:.3f}")
print(f"fgsm_accuracy={fgsm_accuracy:.3f}")
print(f"ablation_random_sign_accuracy={random_accuracy:.3f}")
print(f"ablation_random_sign_drop={clean_accuracy - random_accuracy:.3f}")
for row in (linear_rows[0], linear_rows[-1]):
    print(f"linear_clean_accuracy_d{row['d']}={row['clean']:.3f}")
    print(f"linear_fgsm_accuracy_d{row['d']}={row['fgsm']:.3f}")
    print(f"linear_fgsm_drop_d{row['d']}={row['clean'] - row['fgsm']:.3f}")
worst_random = max(abs(r["clean"] - r["random"]) for r in linear_rows)
print(f"linear_max_random_sign_change={worst_random:.3f}")
