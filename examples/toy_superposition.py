# %% [markdown]
# # Superposition in a toy ReLU autoencoder
#
# **Concepts shown:** superposition, feature sparsity, interference.
#
# Elhage et al. (2022), [*Toy Models of
# Superposition*](https://transformer-circuits.pub/2022/toy_model/index.html), ask how a network
# can store more features than it has dimensions. Their toy model squeezes `n` input features
# into `m < n` hidden dimensions and reconstructs them: `h = W x`, `x' = ReLU(W^T h + b)`, where
# column `W_i` of the `m x n` matrix is the direction assigned to feature `i`. Features have
# decreasing importance, and the loss is the importance-weighted squared reconstruction error.
# We train this model (numpy, hand-written gradients, Adam) with `n = 5` features and `m = 2`
# dimensions on two kinds of data. **Dense:** every feature is active in every example.
# **Sparse:** each feature is active only 10% of the time.
#
# **What you'll see:** with dense data, features collide all the time, so the model keeps the 2
# most important features on 2 perpendicular directions and drops the other 3. With sparse data,
# two features are rarely active together, so the model packs all 5 features into the plane as a
# pentagon and accepts some interference between them, which a negative bias and the ReLU mostly
# clean up. The figure shows the learned feature directions and their overlaps `W^T W` for both
# kinds of data. The dense run is the ablation: the same model, seed and training, with only
# the sparsity switched off.
#
# This hidden layer has no activation function, so it has no privileged basis: its two axes are
# not special, and this demo says nothing about individual neurons. For neurons that respond
# to several unrelated features, see the `polysemantic_neurons` demo.
#
# **Claim:** with sparse inputs the model stores more features than it has dimensions (more than
# 2 features with `||W_i|| > 0.5`); with dense inputs (same model, seed and training) it stores no
# more features than dimensions, and the ones it stores do not overlap (every `|W_i . W_j|`
# below 0.1).

# %%
import os

# The arrays here are tiny; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds initialisation and all sampled batches
N_FEATURES = 5  # input features n
HIDDEN_DIMS = 2  # hidden dimensions m (fewer than features)
IMPORTANCE_DECAY = 0.9  # feature i has importance IMPORTANCE_DECAY ** i in the loss
SPARSITY = {"dense": 0.0, "sparse": 0.9}  # probability that a feature is zero in an example
N_INSTANCES = 4  # independent models trained in parallel per setting; keep the lowest-loss one
BATCH_SIZE = 512  # fresh examples drawn per training step
TRAIN_STEPS = 1500  # Adam steps
LEARNING_RATE = 2e-2  # Adam step size
ADAM_BETAS = (0.9, 0.999)  # Adam moment decay rates
ADAM_EPS = 1e-8  # Adam denominator guard
EVAL_SIZE = 20_000  # examples used to compare the final losses of the instances
REPRESENTED_NORM = 0.5  # a feature counts as represented when its direction has norm above this

rng = np.random.default_rng(SEED)
importance = IMPORTANCE_DECAY ** np.arange(N_FEATURES)


# %% [markdown]
# ## Data and model
#
# An example has each feature independently zero with probability `S` (the sparsity) and
# otherwise uniform on [0, 1]. The forward pass for a batch `x` (rows are examples) is
# `h = x W^T`, `z = h W + b`, `x' = ReLU(z)`, with loss
# `L = mean over examples of sum_i importance_i (x'_i - x_i)^2`.
#
# Backward pass by hand: `dz = 2 importance (x' - x) [z > 0] / batch`, `db = sum of dz`, and `W`
# gets two terms because it is used twice, once to encode and once to decode:
# `dW = h^T dz + (dz W^T)^T x`.


# %%
def sample(sparsity, size):
    x = rng.uniform(0.0, 1.0, (size, N_FEATURES))
    return x * (rng.uniform(0.0, 1.0, (size, N_FEATURES)) >= sparsity)


def forward(w, b, x):
    """w: (instances, m, n), b: (instances, 1, n), x: (batch, n)."""
    h = x @ w.transpose(0, 2, 1)
    z = h @ w + b
    return h, z


def loss_fn(w, b, x):
    _, z = forward(w, b, x)
    return np.mean(np.sum(importance * (np.maximum(z, 0.0) - x) ** 2, axis=-1), axis=-1)


def gradients(w, b, x):
    h, z = forward(w, b, x)
    dz = (2.0 / len(x)) * importance * (np.maximum(z, 0.0) - x) * (z > 0)
    db = dz.sum(axis=1, keepdims=True)
    dw = h.transpose(0, 2, 1) @ dz + (dz @ w.transpose(0, 2, 1)).transpose(0, 2, 1) @ x
    return dw, db


# A finite-difference check of the hand-written gradient on a random point.
w_check = rng.standard_normal((1, HIDDEN_DIMS, N_FEATURES))
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
# Several instances start from different random directions and are trained side by side (one
# array operation per step); like the paper, we keep the one with the lowest final loss, since a
# single run can get stuck with a feature folded onto another.


# %%
def train(sparsity):
    w = rng.standard_normal((N_INSTANCES, HIDDEN_DIMS, N_FEATURES))
    w *= np.sqrt(2.0 / (HIDDEN_DIMS + N_FEATURES))
    b = np.zeros((N_INSTANCES, 1, N_FEATURES))
    params = [w, b]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    beta1, beta2 = ADAM_BETAS
    for step in range(1, TRAIN_STEPS + 1):
        grads = gradients(w, b, sample(sparsity, BATCH_SIZE))
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
    losses = loss_fn(w, b, sample(sparsity, EVAL_SIZE))
    best = int(np.argmin(losses))
    return w[best], b[best, 0], float(losses[best])


def summarize(w, b, loss):
    """Stored features and their largest overlap."""
    norms = np.linalg.norm(w, axis=0)
    represented = norms > REPRESENTED_NORM
    overlaps = w.T @ w
    off_diagonal = np.abs(overlaps[np.ix_(represented, represented)])
    np.fill_diagonal(off_diagonal, 0.0)
    return dict(
        w=w,
        b=b,
        loss=loss,
        norms=norms,
        overlaps=overlaps,
        count=int(represented.sum()),
        interference=float(off_diagonal.max(initial=0.0)),
    )


results = {}
for name, sparsity in SPARSITY.items():
    r = results[name] = summarize(*train(sparsity))
    print(f"{name:6s} (S={sparsity}): loss={r['loss']:.4f}  norms={np.round(r['norms'], 2)}")
    print(f"        bias={np.round(r['b'], 2)}  stored={r['count']}", end="  ")
    print(f"max overlap={r['interference']:.3f}")

# %% [markdown]
# ## Figure
#
# Top: each feature's direction `W_i` in the 2-D hidden space (darker = more important). Bottom:
# `W^T W`; the diagonal is how strongly a feature is stored, off-diagonal entries are
# interference between features. The dense model is two orthogonal features and three near-zero
# columns; for each dropped feature it just outputs its bias, about 0.5, the feature's average
# value. The sparse model stores all five at once, so their directions must overlap; its biases
# are negative (about -0.2), which lets the ReLU cut off small amounts of interference.
#
# What is forced and what is learned: once more than 2 features are stored in a 2-D plane, some of
# their directions must overlap, so the large overlap printed for the sparse model follows from the
# count and is not a separate finding. Likewise, rotating `W` leaves this model unchanged, so how
# the features load on the two hidden axes means nothing and is not reported. What training
# decides is how many features to store, and that is what the claim is about.

# %%
fig, axes = plt.subplots(2, 2, figsize=(9, 9), layout="constrained")
colors = plt.cm.viridis(np.linspace(0.0, 0.85, N_FEATURES))
for col, name in enumerate(SPARSITY):
    r = results[name]
    ax = axes[0, col]
    for i in range(N_FEATURES):
        ax.plot([0, r["w"][0, i]], [0, r["w"][1, i]], color=colors[i], lw=2)
        ax.scatter(r["w"][0, i], r["w"][1, i], color=colors[i], zorder=3, label=f"feature {i}")
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    ax.set_aspect("equal")
    ax.axhline(0, color="gray", lw=0.5)
    ax.axvline(0, color="gray", lw=0.5)
    ax.set_title(f"{name} (S={SPARSITY[name]}): {r['count']} of {N_FEATURES} features stored")
    if col == 0:
        ax.legend(fontsize=8, loc="lower left")
    ax = axes[1, col]
    im = ax.imshow(r["overlaps"], cmap="RdBu", vmin=-1.3, vmax=1.3)
    ax.set_title(f"W^T W ({name})")
    ax.set_xlabel("feature")
    ax.set_ylabel("feature")
fig.colorbar(im, ax=axes[1, :], shrink=0.8, label="W_i . W_j")

# %%
print(f"n_features={N_FEATURES}")
print(f"hidden_dims={HIDDEN_DIMS}")
print(f"represented_sparse={results['sparse']['count']}")
print(f"max_interference_sparse={results['sparse']['interference']:.3f}")
print(f"ablation_represented_dense={results['dense']['count']}")
print(f"ablation_max_interference_dense={results['dense']['interference']:.3f}")
