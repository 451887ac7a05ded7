# %% [markdown]
# # Forecasting a large model from small ones: a scaling-law fit with error bars
#
# **Concepts shown:** scaling laws, power-law fits with an irreducible loss, bootstrap error
# bars, extrapolation and its limits.
#
# Kaplan et al. (2020), [*Scaling laws for neural language models*](https://arxiv.org/abs/2001.08361),
# found that the test loss of language models falls as a power law of their size when data is
# not the bottleneck, and Hoffmann et al. (2022), [*Training compute-optimal large language
# models*](https://arxiv.org/abs/2203.15556), fitted laws of the form `L(N) = a · N^(−α) + c`
# (plus a data term), where `N` is the number of parameters, `α` how fast loss falls, and `c`
# the loss no model can beat. Labs use such fits to forecast a big model's loss from a family
# of small ones before paying for the big one.
#
# This demo runs that forecasting procedure on a toy family where every step can be checked.
# The task is linear regression with many input features of decreasing importance, and a
# model of size `N` uses only the `N` most important ones (its `N` weights are its parameters).
# We **build the task so that the law holds**: the features' importances fall off so that the
# part of the target a size-`N` model cannot express is exactly `N^(−0.8)`, and the labels
# carry noise of variance 0.02, the floor `c`. This follows solvable models of scaling such as
# Maloney et al. (2022), [*A solvable model of neural scaling
# laws*](https://arxiv.org/abs/2210.16859), in which power laws in the statistics of the data
# become power laws in the test loss, until data or parameters run out.
# So the law itself is not what the demo shows. What it tests is the forecast: each model is
# trained on a finite random dataset (16 examples per parameter), so measured losses are noisy;
# we fit the law to the small models only (4 to 32 parameters), get error bars by resampling
# the repeated runs (a bootstrap), and check the bars against models 2, 4 and 8 times larger
# than the largest one fitted.
#
# The ablation switches off what makes a forecast from small models valid: that the large
# models stay in the same regime. On the same seed, the small models are exactly the same runs
# (same data, so the fit and its bars are identical), but the large models are trained on a
# dataset capped at the size the largest small model used (512 examples), as if the data ran
# out. Kaplan et al. describe this regime: loss stops following the size law when data is held
# fixed while the model grows. Nothing in the small models warns of it.
#
# **What you'll see:** with data growing with the model, the three large models land inside
# the forecast's bars. With the data capped, the forecast and its bars are the same, but the
# large models' losses are far above them, and the largest model is worse than the one half its
# size. A second, printed-only contrast fits the law without the floor `c` and forecasts losses
# that keep falling towards zero. The bars measure only how much the fit moves when the runs
# are resampled: they say nothing about a change of regime, which is exactly what the ablation
# shows. A 95% band should also miss now and then: over seeds 0 to 29 the main run's band
# missed one of the three sizes on 2 seeds (by less than 1% of the loss), none of them in 0 to 9.
#
# **Claim:** fitting `L(N) = a · N^(−α) + c` to models of 4 to 32 parameters (8 runs each, each
# run trained on 16 examples per parameter), the measured mean loss of each model with 64, 128
# and 256 parameters lies inside the forecast's 95% bootstrap band (joint over the three sizes).
# Ablation on the same seed and the same small-model runs, with the large models' data capped at
# 512 examples: the measured loss of the 256-parameter model lies above the band, more than 40%
# above the forecast, and above the loss of the 128-parameter model.

# %%
import os

# Small matrices: extra BLAS threads only slow things down on a busy 2-core machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds every dataset, task draw and bootstrap
ALPHA_TRUE = 0.8  # the task's exponent: a size-N model cannot express a part N^(-0.8)
NOISE_VAR = 0.02  # label-noise variance: the floor c that no model can beat
FIT_SIZES = np.array([4, 6, 8, 11, 16, 23, 32])  # model sizes (parameters) used for the fit
HELD_OUT_SIZES = np.array([64, 128, 256])  # larger sizes the forecast is checked against
EXAMPLES_PER_PARAM = 16  # training examples per parameter (data grows with the model)
DATA_CAP = EXAMPLES_PER_PARAM * FIT_SIZES.max()  # ablation: data stops growing here (512)
RUNS = 8  # independent runs (new task signs, new data) at every size
BOOTSTRAP = 1000  # bootstrap resamples of the runs for the error bars
BAND = 0.95  # joint coverage wanted for the held-out band
ALPHA_GRID = np.arange(0.05, 2.0, 0.005)  # exponents tried when fitting the law

# Feature importances: importance[k] for feature k = 1, 2, ...; the tail beyond the first N
# features sums to exactly N^(-ALPHA_TRUE), so it decays like k^(-1.8), a Zipf-like fall-off.
N_MAX = HELD_OUT_SIZES.max()
k = np.arange(1, N_MAX + 1, dtype=float)
importance = np.ones(N_MAX)
importance[1:] = (k[1:] - 1) ** -ALPHA_TRUE - k[1:] ** -ALPHA_TRUE


def unexplained(n):
    """Variance of the target that features beyond the first n carry: exactly n^(-alpha)."""
    return float(n) ** -ALPHA_TRUE


# %% [markdown]
# ## Train the family of models
#
# One run at size `N`: draw the task (a random sign for each feature's weight), draw a training
# set (inputs with feature `k` of variance `importance[k]`; the features a size-`N` model does
# not see, and the label noise, enter the label as extra noise of the matching variance), fit
# the `N` weights by least squares, and compute the model's exact test loss (expected squared
# error on fresh data): its error on the features it sees, plus what it cannot see, plus the
# noise. Each run has its own random stream, keyed by seed, run and size; the capped ablation
# takes the first 512 examples of the very same stream.


# %%
def run_loss(n, run, n_examples):
    stream = np.random.default_rng([SEED, run, n])
    signs = stream.choice([-1.0, 1.0], size=n)
    full = EXAMPLES_PER_PARAM * n
    inputs = stream.standard_normal((full, n)) * np.sqrt(importance[:n])
    unseen = stream.standard_normal(full) * np.sqrt(unexplained(n) + NOISE_VAR)
    x, y = inputs[:n_examples], (inputs @ signs + unseen)[:n_examples]
    weights = np.linalg.solve(x.T @ x, x.T @ y)  # least squares
    seen_error = float(np.sum(importance[:n] * (weights - signs) ** 2))
    return seen_error + unexplained(n) + NOISE_VAR


def measure(sizes, cap=None):
    """Loss of every run at every size: array (sizes, runs)."""
    losses = np.zeros((len(sizes), RUNS))
    for i, n in enumerate(sizes):
        n_examples = EXAMPLES_PER_PARAM * n if cap is None else min(cap, EXAMPLES_PER_PARAM * n)
        losses[i] = [run_loss(n, run, n_examples) for run in range(RUNS)]
    return losses


fit_losses = measure(FIT_SIZES)
held_losses = measure(HELD_OUT_SIZES)
capped_losses = measure(HELD_OUT_SIZES, cap=DATA_CAP)  # the ablation's large models
capped_fit_losses = measure(FIT_SIZES, cap=DATA_CAP)  # the ablation's small models
print("small models identical in both runs:", np.array_equal(fit_losses, capped_fit_losses))

# %% [markdown]
# ## Fit the law, with bootstrap error bars
#
# The fit minimises the squared *relative* error `(a · N^(−α) + c − L) / L` over the fitted
# sizes (so small losses count as much as large ones): for each exponent on a fine grid, the
# best `a` and `c` have a closed form, and we keep the exponent with the smallest error. The
# bootstrap repeats the whole fit on 1000 resampled data sets: at each size, draw 8 runs with
# replacement from the 8 runs made, average them, fit. The spread of the 1000 forecasts at a
# held-out size is its error bar. For the three held-out sizes to be covered *together* with
# probability 95%, each size gets the central 98.3% of its forecasts (the Bonferroni
# correction, 1 − 0.05 / 3).


# %%
def fit_power_law(sizes, mean_losses, with_floor=True):
    """Best (a, alpha, c) for each row of mean_losses (rows, sizes), relative least squares."""
    n = sizes.astype(float)
    weight = 1.0 / mean_losses**2
    best = np.full(len(mean_losses), np.inf)
    params = np.zeros((len(mean_losses), 3))
    for alpha in ALPHA_GRID:
        f = n**-alpha
        s_ff, s_f1, s_11 = (weight * f * f).sum(1), (weight * f).sum(1), weight.sum(1)
        s_fl, s_1l = (weight * f * mean_losses).sum(1), (weight * mean_losses).sum(1)
        if with_floor:
            det = s_ff * s_11 - s_f1**2
            a = (s_fl * s_11 - s_f1 * s_1l) / det
            c = (s_ff * s_1l - s_f1 * s_fl) / det
        else:
            a, c = s_fl / s_ff, np.zeros(len(mean_losses))
        error = (weight * (a[:, None] * f + c[:, None] - mean_losses) ** 2).sum(1)
        better = error < best
        best[better] = error[better]
        params[better] = np.stack([a, np.full_like(a, alpha), c], axis=1)[better]
    return params


def forecast(params, sizes):
    return params[:, :1] * sizes.astype(float) ** -params[:, 1:2] + params[:, 2:3]


boot_rng = np.random.default_rng([SEED, 10**6])
picks = boot_rng.integers(0, RUNS, size=(BOOTSTRAP, len(FIT_SIZES), RUNS))
boot_means = np.take_along_axis(np.broadcast_to(fit_losses, picks.shape), picks, axis=2).mean(2)

fit_mean = fit_losses.mean(axis=1)
point = fit_power_law(FIT_SIZES, fit_mean[None])[0]
boot_params = fit_power_law(FIT_SIZES, boot_means)
tail_prob = (1 - BAND) / len(HELD_OUT_SIZES) / 2
curve_sizes = np.geomspace(FIT_SIZES.min(), N_MAX, 60)
boot_curves = forecast(boot_params, curve_sizes)
boot_held = forecast(boot_params, HELD_OUT_SIZES)
low, high = np.quantile(boot_held, [tail_prob, 1 - tail_prob], axis=0)
predicted = forecast(point[None], HELD_OUT_SIZES)[0]

no_floor = fit_power_law(FIT_SIZES, fit_mean[None], with_floor=False)[0]
predicted_no_floor = forecast(no_floor[None], HELD_OUT_SIZES)[0]

held_mean = held_losses.mean(axis=1)
capped_mean = capped_losses.mean(axis=1)
a_fit, alpha_fit, c_fit = point
alpha_low, alpha_high = np.quantile(boot_params[:, 1], [0.025, 0.975])
print(f"fit: L(N) = {a_fit:.3f} · N^(-{alpha_fit:.3f}) + {c_fit:.4f}")
print(f"exponent 95% bootstrap interval [{alpha_low:.3f}, {alpha_high:.3f}]")
for n, lo, hi, pred, meas, capped, bare in zip(
    HELD_OUT_SIZES, low, high, predicted, held_mean, capped_mean, predicted_no_floor, strict=True
):
    print(
        f"N={n:4d}  forecast {pred:.4f} [{lo:.4f}, {hi:.4f}]  measured {meas:.4f}"
        f"  capped data (ablation) {capped:.4f}  forecast without floor {bare:.4f}"
    )

# %% [markdown]
# ## Figure
#
# Both axes logarithmic. Dots: measured mean loss (bars: the spread of the 8 runs). The line
# and shaded band are the forecast from the fitted sizes (blue) and its 2.5–97.5% bootstrap
# range; the held-out sizes' joint bands are the vertical bars. Green: the large models with
# data growing as they grow. Red: the same large models with data capped at 512 examples.
# Grey dashes: the fit without a floor.

# %%
fig, ax = plt.subplots(figsize=(8.5, 5))
lo_curve, hi_curve = np.quantile(boot_curves, [0.025, 0.975], axis=0)
ax.fill_between(curve_sizes, lo_curve, hi_curve, color="tab:blue", alpha=0.15)
ax.plot(curve_sizes, forecast(point[None], curve_sizes)[0], color="tab:blue", label="fitted law")
ax.plot(
    curve_sizes,
    forecast(no_floor[None], curve_sizes)[0],
    "--",
    color="gray",
    label="fit without floor c",
)
ax.errorbar(
    HELD_OUT_SIZES,
    predicted,
    yerr=[predicted - low, high - predicted],
    fmt="none",
    ecolor="tab:blue",
    capsize=6,
    label="joint 95% band at held-out sizes",
)
for sizes, losses, style, label in (
    (FIT_SIZES, fit_losses, "o", "fitted sizes"),
    (HELD_OUT_SIZES, held_losses, "s", "held out, data grows with model"),
    (HELD_OUT_SIZES, capped_losses, "^", "held out, data capped at 512 (ablation)"),
):
    ax.errorbar(sizes, losses.mean(1), yerr=losses.std(1), fmt=style, capsize=3, label=label)
ax.axhline(NOISE_VAR, color="k", ls=":", lw=0.8, label="noise floor (true c)")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("model size N (parameters)")
ax.set_ylabel(f"test loss (mean of {RUNS} runs)")
ax.set_title("forecast from small models, checked on larger ones")
ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# `alpha_true` and `noise_floor` are what the task was built with; they are printed for
# comparison with the fitted values, not asserted.

# %%
inside = (held_mean >= low) & (held_mean <= high)
last = -1
print(f"alpha_true={ALPHA_TRUE:.3f}")
print(f"noise_floor={NOISE_VAR:.3f}")
print(f"fit_alpha={alpha_fit:.3f}")
print(f"fit_alpha_low={alpha_low:.3f}")
print(f"fit_alpha_high={alpha_high:.3f}")
print(f"fit_c={c_fit:.3f}")
print(f"largest_fit_size={FIT_SIZES.max()}")
print(f"largest_size={HELD_OUT_SIZES[last]}")
print(f"held_out_inside_band={int(inside.sum())}")
print(f"held_out_count={len(HELD_OUT_SIZES)}")
print(f"forecast_largest={predicted[last]:.3f}")
print(f"band_low_largest={low[last]:.3f}")
print(f"band_high_largest={high[last]:.3f}")
print(f"measured_largest={held_mean[last]:.3f}")
print(f"relative_error_largest={abs(held_mean[last] - predicted[last]) / held_mean[last]:.3f}")
no_floor_error = (held_mean[last] - predicted_no_floor[last]) / held_mean[last]
print(f"no_floor_relative_error_largest={no_floor_error:.3f}")
print(f"ablation_small_models_identical={int(np.array_equal(fit_losses, capped_fit_losses))}")
print(f"ablation_measured_largest={capped_mean[last]:.3f}")
print(f"ablation_above_band={int(capped_mean[last] > high[last])}")
print(f"ablation_excess_over_forecast={capped_mean[last] / predicted[last] - 1:.3f}")
print(f"ablation_largest_vs_half={capped_mean[last] / capped_mean[last - 1]:.3f}")
