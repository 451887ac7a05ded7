# %% [markdown]
# # Double descent with random ReLU features
#
# **Concepts shown:** double descent, the interpolation threshold, minimum-norm interpolation,
# over-parameterization.
#
# The classical picture says test error is U-shaped in model size: too few parameters underfit,
# too many overfit. Belkin et al. (2019),
# [*Reconciling modern machine-learning practice and the classical bias-variance
# trade-off*](https://arxiv.org/abs/1812.11118), showed that if you keep growing the model past
# the point where it fits the training data exactly, test error can come down a second time;
# Nakkiran et al. (2019), [*Deep Double Descent*](https://arxiv.org/abs/1912.02292), found the
# same shape in deep networks. Here the model is linear regression on `p` random ReLU features
# `relu(w_j . x)` of a 10-dimensional input, fitted to `n = 50` noisy training points. For `p < n`
# we take the ordinary least-squares fit; for `p >= n` there are many exact fits and we take the
# one with the smallest coefficient norm (what the pseudo-inverse returns, and what gradient
# descent started from zero converges to). We sweep `p` from 4 to 30 n and average test error
# over 12 random draws of the features.
#
# **What you'll see:** test error first falls, then shoots up around `p = n`, where the model is
# only just able to pass through every noisy training point and needs huge coefficients to do so,
# then falls again as extra features let it interpolate with a smaller, smoother solution. The
# largest models end up better than any model below the threshold.
#
# **Claim:** the test error peaks between 0.8 n and 1.25 n, and at the largest model (p = 30 n)
# it is more than 10 times below the peak and below the best error of any model with p < n.

# %%
import os

# The matrices here are small; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the data, the target and every feature draw
INPUT_DIM = 10  # dimension of the inputs x ~ N(0, I)
N_TRAIN = 50  # training points n (the interpolation threshold is at p = n)
N_TEST = 500  # test points used to measure error against the noise-free target
NOISE_STD = 0.3  # standard deviation of the label noise on training targets
N_DRAWS = 12  # independent random feature draws averaged at every p
MIN_P = 4  # smallest model
MAX_RATIO = 30  # the largest model has MAX_RATIO * n features
N_LOG_SIDE = 8  # log-spaced sizes below 0.5 n and again above 1.5 n
NEAR_THRESHOLD = np.arange(0.5, 1.55, 0.1)  # sizes (as fractions of n) that resolve the peak

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Data
#
# The target depends on a single hidden direction `beta`: `f(x) = z + 0.5 tanh(2 z)` with
# `z = beta . x`. Training labels add Gaussian noise; test error is measured against the clean
# `f`, so it shows how far the fitted function is from the truth.

# %%
beta = rng.standard_normal(INPUT_DIM)
beta /= np.linalg.norm(beta)


def target(x):
    z = x @ beta
    return z + 0.5 * np.tanh(2.0 * z)


x_train = rng.standard_normal((N_TRAIN, INPUT_DIM))
y_train = target(x_train) + NOISE_STD * rng.standard_normal(N_TRAIN)
x_test = rng.standard_normal((N_TEST, INPUT_DIM))
y_test = target(x_test)

below = np.geomspace(MIN_P, 0.5 * N_TRAIN, N_LOG_SIDE, endpoint=False)
above = np.geomspace(1.5 * N_TRAIN, MAX_RATIO * N_TRAIN, N_LOG_SIDE + 1)[1:]
sizes = np.concatenate([below, NEAR_THRESHOLD * N_TRAIN, above])
sizes = np.unique(np.round(sizes).astype(int))

# %% [markdown]
# ## Sweep the number of features
#
# For each size `p`, sample all draws of `W` at once (entries `N(0, 1/d)`), build the feature
# matrices, and solve with the pseudo-inverse, which gives the least-squares fit for `p < n` and
# the minimum-norm exact fit for `p >= n`. Record train error, test error and the size of the
# coefficients.

# %%
test_mse = np.zeros((len(sizes), N_DRAWS))
train_mse = np.zeros((len(sizes), N_DRAWS))
coef_norm = np.zeros((len(sizes), N_DRAWS))
for i, p in enumerate(sizes):
    w = rng.standard_normal((N_DRAWS, INPUT_DIM, p)) / np.sqrt(INPUT_DIM)
    phi_train = np.maximum(x_train @ w, 0.0)  # (draws, n, p)
    phi_test = np.maximum(x_test @ w, 0.0)  # (draws, n_test, p)
    coef = np.linalg.pinv(phi_train) @ y_train  # (draws, p)
    train_mse[i] = np.mean((np.einsum("knp,kp->kn", phi_train, coef) - y_train) ** 2, axis=1)
    test_mse[i] = np.mean((np.einsum("knp,kp->kn", phi_test, coef) - y_test) ** 2, axis=1)
    coef_norm[i] = np.linalg.norm(coef, axis=1)

mean_test = test_mse.mean(axis=1)
peak = int(np.argmax(mean_test))
peak_p = int(sizes[peak])
peak_test_mse = float(mean_test[peak])
underparam_best_mse = float(mean_test[sizes < N_TRAIN].min())
overparam_final_mse = float(mean_test[-1])
for p, err in zip(sizes, mean_test, strict=True):
    print(f"p={p:5d}  test MSE={err:10.3f}")

# %% [markdown]
# ## Figure
#
# Left: test and train error against the number of features (both axes logarithmic); the dotted
# line marks `p = n`. Past it the train error is zero (up to rounding) because every model
# interpolates. Right: the norm of the fitted coefficients, which blows up at the threshold and
# then shrinks: with more features there are more ways to fit the data, and the smallest one is
# smoother, so it generalizes better.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
ax = axes[0]
ax.plot(sizes, mean_test, "o-", label="test MSE (mean over draws)")
ax.plot(sizes, train_mse.mean(axis=1) + 1e-4, "s-", ms=3, alpha=0.6, label="train MSE (+1e-4)")
ax.axvline(N_TRAIN, ls=":", color="k", label="p = n (interpolation threshold)")
ax.axhline(NOISE_STD**2, ls="--", color="gray", label="label noise variance")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("number of random features p")
ax.set_ylabel("mean squared error")
ax.set_title(f"double descent (n = {N_TRAIN})")
ax.legend(fontsize=8)

ax = axes[1]
ax.plot(sizes, np.median(coef_norm, axis=1), "o-", color="tab:red")
ax.axvline(N_TRAIN, ls=":", color="k")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("number of random features p")
ax.set_ylabel("coefficient norm (median over draws)")
ax.set_title("the fit needs huge weights only near p = n")
fig.tight_layout()

# %%
print(f"n_train={N_TRAIN}")
print(f"peak_p={peak_p}")
print(f"peak_test_mse={peak_test_mse:.3f}")
print(f"underparam_best_mse={underparam_best_mse:.3f}")
print(f"overparam_final_mse={overparam_final_mse:.3f}")
