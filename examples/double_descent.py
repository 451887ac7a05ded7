# %% [markdown]
# # Double descent with random ReLU features
#
# **Concepts shown:** double descent, the interpolation threshold, minimum-norm interpolation,
# model misspecification, ridge regularization.
#
# The classical picture says test error is U-shaped in model size: too few parameters underfit,
# too many overfit. Belkin et al. (2019),
# [*Reconciling modern machine-learning practice and the classical bias-variance
# trade-off*](https://arxiv.org/abs/1812.11118), showed that if you keep growing the model past
# the point where it fits the training data exactly, test error can come down a second time;
# Nakkiran et al. (2019), [*Deep Double Descent*](https://arxiv.org/abs/1912.02292), found the
# same shape in deep networks. Here the model is linear regression on `p` random ReLU features
# `relu(w_j . x)` of a 10-dimensional input, fitted to `n = 50` training points. With fewer
# features than training points we take the ordinary least-squares fit; from `p = n` on there
# are many exact fits and we take the one with the smallest coefficient norm (what the
# pseudo-inverse returns, and what gradient descent started from zero converges to). We sweep
# `p` from 4 to 30 n, draw the features 12 times at every size, and report the **median** test
# error over the draws (near the threshold a few draws are far worse than the rest, and they
# would dominate a mean).
#
# The training labels carry **no noise at all**. The peak still appears, because no weighting
# of a finite set of random ReLU features reproduces the target exactly: part of every label
# lies outside what the features can express, and a fit forced through every training point
# treats that part just as it would treat noise (Hastie et al. 2022,
# [*Surprises in high-dimensional ridgeless least squares
# interpolation*](https://arxiv.org/abs/1903.08560), analyse this "misspecified" case).
#
# The ablation switches the exact fit off. On the same seed, data and feature draws it fits
# ridge regression instead, which adds a penalty on the size of the coefficients and so no
# longer has to pass through every point; the penalty is picked for each model by
# leave-one-out cross-validation on the training points only. Nakkiran et al. (2020),
# [*Optimal regularization can mitigate double descent*](https://arxiv.org/abs/2003.01897),
# showed that a well-tuned penalty of this kind can remove the peak.
#
# **What you'll see:** without a penalty, test error first falls, then shoots up around
# `p = n`, where the model is only just able to pass through every training point and needs
# huge coefficients to do so, then falls again as extra features let it interpolate with a
# smaller, smoother solution. With the tuned penalty the same features give a curve with no
# peak at `p = n`.
#
# **Claim:** with n = 50 noise-free training points, the median test error (over 12 random
# feature draws) of the minimum-norm fit peaks between 0.8 n and 1.25 n features, at more than
# 5 times the best median error of the models with fewer than 0.8 n features, and the largest
# model (30 n features) ends below every model with fewer features than training points.
# Ablation on the same seed, data and features: ridge regression with its penalty chosen by
# leave-one-out cross-validation shows no peak, its worst median error between 0.8 n and 1.25 n
# features staying below 1.2 times the best of its smaller models.

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
N_TEST = 500  # test points used to measure error against the target
NOISE_STD = 0.0  # label noise on training targets: none, the peak does not need it
N_DRAWS = 12  # independent random feature draws at every p; we report their median
MIN_P = 4  # smallest model
MAX_RATIO = 30  # the largest model has MAX_RATIO * n features
N_LOG_SIDE = 8  # log-spaced sizes below 0.5 n and again above 1.5 n
NEAR_THRESHOLD = np.arange(0.5, 1.55, 0.1)  # sizes (as fractions of n) that resolve the peak
WINDOW = (0.8, 1.25)  # sizes (as fractions of n) counted as "at the threshold"
PENALTIES = np.geomspace(1e-3, 1e2, 16)  # ridge penalties tried by cross-validation

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Data
#
# The target depends on a single hidden direction `beta`: `f(x) = z + 0.5 tanh(2 z)` with
# `z = beta . x`. Training labels are exactly `f(x)` (no noise); test error is measured
# against the same `f` on fresh points.

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
# For each size `p`, sample all draws of `W` at once (entries `N(0, 1/d)`) and build the
# feature matrices. One singular value decomposition of each training matrix gives both fits:
#
# * **minimum-norm** (the main run): the pseudo-inverse, i.e. least squares below `p = n`
#   and the smallest exact fit from `p = n` on;
# * **ridge** (the ablation): coefficients shrunk by `s / (s² + λ)` instead of `1 / s` for each
#   singular value `s`, where the penalty `λ` is the one, among `PENALTIES`, whose
#   leave-one-out error on the training points is smallest (fit on 49 points, predict the
#   50th, for each point in turn; for ridge this has a closed form).
#
# We also record, at `p = n`, the smallest test error that *any* weighting of those `n`
# features could reach (a least-squares fit on the test points themselves): the part of the
# target that lies outside the features' span.

# %%
fits = ("min_norm", "ridge")
test_mse = {fit: np.zeros((len(sizes), N_DRAWS)) for fit in fits}
train_mse = {fit: np.zeros((len(sizes), N_DRAWS)) for fit in fits}
coef_norm = {fit: np.zeros((len(sizes), N_DRAWS)) for fit in fits}
chosen_penalty = np.zeros((len(sizes), N_DRAWS))
outside_span_at_n = np.nan
for i, p in enumerate(sizes):
    w = rng.standard_normal((N_DRAWS, INPUT_DIM, p)) / np.sqrt(INPUT_DIM)
    phi_train = np.maximum(x_train @ w, 0.0)  # (draws, n, p)
    phi_test = np.maximum(x_test @ w, 0.0)  # (draws, n_test, p)
    u, s, vt = np.linalg.svd(phi_train, full_matrices=False)
    uy = np.einsum("knj,n->kj", u, y_train)  # labels in the singular basis

    # Minimum-norm fit: invert every singular value above the pseudo-inverse's cut-off.
    keep = s > s[:, :1] * max(N_TRAIN, p) * np.finfo(float).eps
    inv_s = np.where(keep, 1.0 / np.where(keep, s, 1.0), 0.0)
    coefs = {"min_norm": np.einsum("kjp,kj->kp", vt, inv_s * uy)}

    # Ridge fit: leave-one-out error for every penalty, then the best penalty per draw.
    shrink = s[:, None, :] ** 2 / (s[:, None, :] ** 2 + PENALTIES[None, :, None])
    fitted = np.einsum("knj,klj,kj->kln", u, shrink, uy)  # (draws, penalties, n)
    leverage = np.einsum("knj,klj->kln", u**2, shrink)
    with np.errstate(divide="ignore", invalid="ignore"):
        loo = np.mean(((y_train - fitted) / (1.0 - leverage)) ** 2, axis=2)
    lam = PENALTIES[np.argmin(np.nan_to_num(loo, nan=np.inf), axis=1)]
    chosen_penalty[i] = lam
    coefs["ridge"] = np.einsum("kjp,kj->kp", vt, s / (s**2 + lam[:, None]) * uy)

    for fit, coef in coefs.items():
        train_pred = np.einsum("knp,kp->kn", phi_train, coef)
        test_pred = np.einsum("knp,kp->kn", phi_test, coef)
        train_mse[fit][i] = np.mean((train_pred - y_train) ** 2, axis=1)
        test_mse[fit][i] = np.mean((test_pred - y_test) ** 2, axis=1)
        coef_norm[fit][i] = np.linalg.norm(coef, axis=1)

    if p == N_TRAIN:
        best = [np.linalg.lstsq(phi_test[k], y_test, rcond=None)[0] for k in range(N_DRAWS)]
        residual = [np.mean((phi_test[k] @ best[k] - y_test) ** 2) for k in range(N_DRAWS)]
        outside_span_at_n = float(np.median(residual))

median_test = {fit: np.median(test_mse[fit], axis=1) for fit in fits}
in_window = (sizes >= WINDOW[0] * N_TRAIN) & (sizes <= WINDOW[1] * N_TRAIN)
smaller = sizes < WINDOW[0] * N_TRAIN


def peak_ratio(curve):
    """Worst error at the threshold divided by the best error of the smaller models."""
    return float(curve[in_window].max() / curve[smaller].min())


main = median_test["min_norm"]
peak = int(np.argmax(main))
for p, err, ridge_err, lam in zip(
    sizes, main, median_test["ridge"], np.median(chosen_penalty, axis=1), strict=True
):
    print(f"p={p:5d}  min-norm test MSE={err:9.3f}  ridge test MSE={ridge_err:7.3f}  λ={lam:.3g}")

# %% [markdown]
# ## Figure
#
# Left: median test and train error against the number of features (both axes logarithmic);
# the dotted line marks `p = n`. From there on the minimum-norm fit's train error is zero (up to
# rounding) because every model interpolates; ridge keeps a small train error and no peak.
# Right: the median norm of the fitted coefficients. Without a penalty it blows up at the
# threshold, where only one awkward exact fit exists, and then shrinks: with more features
# there are more ways to fit the data, and the smallest one is smoother, so it generalizes
# better. The penalty keeps the coefficients small throughout.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
ax = axes[0]
ax.plot(sizes, main, "o-", label="test MSE, minimum-norm fit")
ax.plot(sizes, median_test["ridge"], "^-", color="tab:green", label="test MSE, ridge (ablation)")
ax.plot(
    sizes,
    np.median(train_mse["min_norm"], axis=1) + 1e-4,
    "s-",
    ms=3,
    alpha=0.6,
    label="train MSE, minimum-norm (+1e-4)",
)
ax.axvline(N_TRAIN, ls=":", color="k", label="p = n (interpolation threshold)")
ax.axhline(outside_span_at_n, ls="--", color="gray", label="best possible with n features")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("number of random features p")
ax.set_ylabel(f"mean squared error (median of {N_DRAWS} draws)")
ax.set_title(f"double descent without label noise (n = {N_TRAIN})")
ax.legend(fontsize=8)

ax = axes[1]
ax.plot(sizes, np.median(coef_norm["min_norm"], axis=1), "o-", color="tab:red", label="min-norm")
ax.plot(sizes, np.median(coef_norm["ridge"], axis=1), "^-", color="tab:green", label="ridge")
ax.axvline(N_TRAIN, ls=":", color="k")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("number of random features p")
ax.set_ylabel("coefficient norm (median over draws)")
ax.set_title("the exact fit needs huge weights only near p = n")
ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# `outside_span_at_n` below is the smallest test error that any weighting of the `n` features
# reaches (median over draws, weights fitted on the test points themselves): the part of the
# target those features cannot express, which the exact fit at `p = n` has to absorb as if it
# were noise. It is printed to explain the peak, not asserted.

# %%
print(f"n_train={N_TRAIN}")
print(f"label_noise_std={NOISE_STD:.3f}")
print(f"outside_span_at_n={outside_span_at_n:.3f}")
print(f"peak_p={int(sizes[peak])}")
print(f"peak_test_mse={float(main[peak]):.3f}")
print(f"peak_ratio={peak_ratio(main):.3f}")
print(f"underparam_best_mse={float(main[sizes < N_TRAIN].min()):.3f}")
print(f"overparam_final_mse={float(main[-1]):.3f}")
print(f"ablation_penalty_at_n={float(np.median(chosen_penalty[sizes == N_TRAIN])):.3f}")
print(f"ablation_train_mse_at_n={float(np.median(train_mse['ridge'][sizes == N_TRAIN])):.3f}")
print(f"ablation_peak_ratio={peak_ratio(median_test['ridge']):.3f}")
print(f"ablation_final_mse={float(median_test['ridge'][-1]):.3f}")
