# %% [markdown]
# # Polysemantic neurons in a toy ReLU network
#
# **Concepts shown:** polysemanticity, superposition, privileged basis, feature sparsity.
#
# Elhage et al. (2022), [*Toy Models of
# Superposition*](https://transformer-circuits.pub/2022/toy_model/index.html), point out that
# asking what a single neuron means only makes sense when the layer has a *privileged basis*:
# something, such as an activation function applied to each unit separately, that makes the
# individual units special. A layer without one can be rotated freely without changing the
# model, so its axes mean nothing in particular. Their "ReLU hidden layer" toy model has such a
# basis: `h = ReLU(W x)`, `x' = ReLU(W^T h + b)`. It squeezes `n = 10` synthetic features through
# `m = 5` ReLU neurons and reconstructs them; feature `i` has importance `0.75^i` in the loss.
# Entry `W_ji` connects feature `i` to neuron `j`, so neuron `j`'s activation when feature `i`
# alone is on at full strength is simply `ReLU(W_ji)`.
#
# We train this model (numpy, hand-written gradients, Adam) twice, with the same settings and
# seed, changing only how often features are active. **Sparse:** each feature is non-zero in 5%
# of examples. **Dense (the ablation):** every feature is non-zero in every example. The
# features are drawn independently, so any two of them are unrelated.
#
# **What you'll see:** with dense features, the model gives each of its 5 neurons to one of
# the 5 most important features and drops the rest: every neuron is monosemantic. With sparse
# features, it stores more features than it has neurons, and most or all neurons respond
# strongly to several unrelated features: they are polysemantic. This matches the paper's finding
# for this model that neurons shift from monosemantic to polysemantic as sparsity rises.
#
# **Claim:** with sparse features, at least 3 of the 5 neurons are polysemantic (each responds
# to two or more features with at least half of its strongest single-feature response), the
# neurons average at least 2 such features, and more than 5 features, each on its own, drive
# some neuron to 0.5 or more; with dense features (same model, seed and training), all 5 neurons
# are in use, none is polysemantic, and at most 5 features drive a neuron that hard.

# %%
import os

# The arrays here are tiny; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds initialisation and all sampled batches
N_FEATURES = 10  # input features n
N_NEURONS = 5  # ReLU neurons m in the hidden layer (fewer than features)
IMPORTANCE_DECAY = 0.75  # feature i has importance IMPORTANCE_DECAY ** i in the loss
FEATURE_PROBABILITY = {"sparse": 0.05, "dense": 1.0}  # chance that a feature is non-zero
N_INSTANCES = 6  # models trained side by side per setting; keep the lowest-loss one
BATCH_SIZE = 128  # fresh examples drawn per training step
TRAIN_STEPS = 2000  # Adam steps
LEARNING_RATE = 2e-2  # Adam step size
ADAM_BETAS = (0.9, 0.999)  # Adam moment decay rates
ADAM_EPS = 1e-8  # Adam denominator guard
EVAL_SIZE = 20_000  # examples used to compare the final losses of the instances
STRONG_FRACTION = 0.5  # a neuron responds strongly to a feature: >= this share of its maximum
LIVE_RESPONSE = 0.1  # a neuron whose largest single-feature response is below this is dead
STORED_RESPONSE = 0.5  # a feature counts as stored if, alone at 1, it drives a neuron this far

rng = np.random.default_rng(SEED)
importance = IMPORTANCE_DECAY ** np.arange(N_FEATURES)


# %% [markdown]
# ## Data and model
#
# Each feature is independently non-zero with probability `p` and then uniform on [0, 1].
# For a batch `x` (one example per row): `pre = x W^T`, `h = ReLU(pre)`, `z = h W + b`,
# `x' = ReLU(z)`, and the loss is the mean over examples of
# `sum_i importance_i (x'_i - x_i)^2`.
#
# Backward pass by hand: `dz = 2 importance (x' - x) [z > 0] / batch`, `db = sum of dz`; `W` is
# used twice, to encode and to decode, so it gets two terms:
# `dW = h^T dz + ((dz W^T) [pre > 0])^T x`.


# %%
def sample(probability, size):
    x = rng.uniform(0.0, 1.0, (size, N_FEATURES))
    return x * (rng.uniform(0.0, 1.0, (size, N_FEATURES)) < probability)


def forward(w, b, x):
    """w: (instances, m, n), b: (instances, 1, n), x: (batch, n)."""
    pre = x @ w.transpose(0, 2, 1)
    h = np.maximum(pre, 0.0)
    return pre, h, h @ w + b


def loss_fn(w, b, x):
    _, _, z = forward(w, b, x)
    return np.mean(np.sum(importance * (np.maximum(z, 0.0) - x) ** 2, axis=-1), axis=-1)


def gradients(w, b, x):
    pre, h, z = forward(w, b, x)
    dz = (2.0 / len(x)) * importance * (np.maximum(z, 0.0) - x) * (z > 0)
    db = dz.sum(axis=1, keepdims=True)
    d_pre = (dz @ w.transpose(0, 2, 1)) * (pre > 0)
    dw = h.transpose(0, 2, 1) @ dz + d_pre.transpose(0, 2, 1) @ x
    return dw, db


# A finite-difference check of the hand-written gradient on a random point.
w_check = rng.standard_normal((1, N_NEURONS, N_FEATURES))
b_check = rng.standard_normal((1, 1, N_FEATURES)) * 0.1
x_check = sample(0.5, 64)
dw_check, _ = gradients(w_check, b_check, x_check)
bump = np.zeros_like(w_check)
bump[0, 1, 2] = 1e-6
numeric = (loss_fn(w_check + bump, b_check, x_check) - loss_fn(w_check - bump, b_check, x_check))[0]
assert abs(numeric / 2e-6 - dw_check[0, 1, 2]) < 1e-5


# %% [markdown]
# ## Training
#
# Small models like this one are hard to optimise, so, like the paper, we train several
# instances from different random starts and keep the one with the lowest final loss. Both
# settings use the same number of instances, steps and examples.


# %%
def train(probability):
    w = rng.standard_normal((N_INSTANCES, N_NEURONS, N_FEATURES))
    w *= np.sqrt(2.0 / (N_NEURONS + N_FEATURES))
    b = np.zeros((N_INSTANCES, 1, N_FEATURES))
    params = [w, b]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    beta1, beta2 = ADAM_BETAS
    for step in range(1, TRAIN_STEPS + 1):
        grads = gradients(w, b, sample(probability, BATCH_SIZE))
        for p, g, m1, m2 in zip(params, grads, first, second, strict=True):
            m1 *= beta1
            m1 += (1 - beta1) * g
            m2 *= beta2
            m2 += (1 - beta2) * g * g
            p -= (
                LEARNING_RATE
                * (m1 / (1 - beta1**step))
                / (np.sqrt(m2 / (1 - beta2**step)) + ADAM_EPS)
            )
    losses = loss_fn(w, b, sample(probability, EVAL_SIZE))
    best = int(np.argmin(losses))
    return w[best], float(losses[best])


def summarize(w, loss):
    """Each neuron's response to each feature on its own, and how many features it serves."""
    response = np.maximum(w, 0.0)  # neuron j's activation when only feature i is on, at 1
    strongest = response.max(axis=1)
    live = strongest > LIVE_RESPONSE
    strong = (response >= STRONG_FRACTION * strongest[:, None]) & live[:, None]
    per_neuron = strong.sum(axis=1)
    return dict(
        w=w,
        loss=loss,
        response=response,
        per_neuron=per_neuron,
        live=int(live.sum()),
        polysemantic=int((per_neuron >= 2).sum()),
        mean_features=float(per_neuron[live].mean()) if live.any() else 0.0,
        stored=int((response.max(axis=0) >= STORED_RESPONSE).sum()),
    )


results = {}
for name, probability in FEATURE_PROBABILITY.items():
    r = results[name] = summarize(*train(probability))
    print(f"{name:6s} (p={probability}): loss={r['loss']:.4f}  live neurons={r['live']}", end="  ")
    print(f"strong features per neuron={r['per_neuron']}  features stored={r['stored']}")

# %% [markdown]
# ## Figure
#
# Each row is a neuron, each column a feature (most important on the left); the colour is the
# neuron's activation when that feature alone is on at full strength, and a dot marks a strong
# response (at least half of that neuron's largest). With dense features each row has one
# dot; with sparse features, rows have several, and more columns light up than there are
# neurons.

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), layout="constrained")
vmax = max(r["response"].max() for r in results.values())
for ax, (name, r) in zip(axes, results.items(), strict=True):
    im = ax.imshow(r["response"], cmap="viridis", vmin=0.0, vmax=vmax)
    strong = r["response"] >= STRONG_FRACTION * r["response"].max(axis=1, keepdims=True)
    rows, cols = np.nonzero(strong & (r["response"].max(axis=1, keepdims=True) > LIVE_RESPONSE))
    ax.scatter(cols, rows, s=12, color="white")
    ax.set_title(f"{name}: {r['polysemantic']} of {N_NEURONS} neurons polysemantic")
    ax.set_xlabel("feature (importance falls to the right)")
    ax.set_ylabel("neuron")
fig.colorbar(im, ax=axes, shrink=0.8, label="activation for one feature at 1")

# %%
print(f"n_features={N_FEATURES}")
print(f"n_neurons={N_NEURONS}")
print(f"polysemantic_neurons_sparse={results['sparse']['polysemantic']}")
print(f"mean_features_per_neuron_sparse={results['sparse']['mean_features']:.3f}")
print(f"features_stored_sparse={results['sparse']['stored']}")
print(f"live_neurons_sparse={results['sparse']['live']}")
print(f"ablation_polysemantic_neurons_dense={results['dense']['polysemantic']}")
print(f"ablation_mean_features_per_neuron_dense={results['dense']['mean_features']:.3f}")
print(f"ablation_features_stored_dense={results['dense']['stored']}")
print(f"ablation_live_neurons_dense={results['dense']['live']}")
