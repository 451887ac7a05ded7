# %% [markdown]
# # Goodhart's law in best-of-n sampling
#
# **Concepts shown:** Goodhart's law, reward-model overoptimization, best-of-n sampling.
#
# Each candidate (think: an answer sampled from a language model) has a **true reward** we
# care about and a **proxy reward** we can measure (think: a learned reward model's score).
# The proxy is the true reward plus an error. Best-of-n sampling draws n candidates and keeps
# the one with the highest proxy, so a larger n means more optimization pressure on the
# proxy.
#
# We build two proxies that differ in one thing only, the **shape of the error's tails**. Both
# errors have the same standard deviation, so both proxies correlate equally with the true
# reward; one error is heavy-tailed (a Student-t distribution), the other light-tailed
# (Gaussian). The Gaussian one is the ablation: same size of error, same true rewards, same
# seed, no heavy tail.
#
# **What you'll see:** as n grows from 1 to 4096, the proxy score of the chosen candidate
# climbs for both proxies (with nested candidate pools it cannot do otherwise). With the
# heavy-tailed error, the true reward of the chosen candidate first rises, peaks at a moderate n
# and then falls back towards the level of a randomly chosen candidate. With the light-tailed
# error of the same size, the true reward keeps rising. So "picking the maximum also picks the
# largest error" turns more optimization into worse results here only when the error is
# heavy-tailed. This is the "extremal" form of Goodhart's law in Manheim and Garrabrant's
# taxonomy; Kwa, Thomas and Garriga-Alonso analyse when heavy-tailed error makes it
# catastrophic.
#
# **Claim:** with a heavy-tailed proxy error, the mean true reward of the best-of-n candidate
# peaks at an intermediate n and at n = 4096 is less than half of that peak; with a light-tailed
# (Gaussian) error of the same standard deviation (ablation, same seed and true rewards), the
# true reward rises with every doubling of n and at n = 4096 exceeds the heavy-tailed peak.
#
# Sources: L. Gao, J. Schulman and J. Hilton, [Scaling Laws for Reward Model
# Overoptimization](https://arxiv.org/abs/2210.10760), 2022; D. Manheim and S. Garrabrant,
# [Categorizing Variants of Goodhart's Law](https://arxiv.org/abs/1803.04585), 2018;
# T. Kwa, D. Thomas and A. Garriga-Alonso, [Catastrophic Goodhart: regularizing RLHF with KL
# divergence does not mitigate heavy-tailed reward
# misspecification](https://arxiv.org/abs/2407.14503), 2024.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # master seed; every generator derives from it
TRIALS = 1000  # independent repetitions of best-of-n that we average over
N_MAX = 4096  # largest n; we test n = 1, 2, 4, ..., N_MAX
TAIL_DF = 3  # degrees of freedom of the Student-t proxy error (small = heavy tails)
ERROR_SCALE = 0.5  # scale of the t error; its standard deviation is 0.5 * sqrt(3) = 0.87
# The Gaussian (light-tailed) error gets exactly that standard deviation: equal size, other tails.
ERROR_STD = ERROR_SCALE * np.sqrt(TAIL_DF / (TAIL_DF - 2))

# %% [markdown]
# ## The generative model
#
# * true reward `X ~ Normal(0, 1)` (light tails),
# * heavy-tailed error `E = ERROR_SCALE * t(TAIL_DF)`, independent of `X`,
# * proxy `P = X + E`.
#
# For comparison we also build a **light-tailed** proxy `X + G`, where `G` is Gaussian with
# exactly the same standard deviation as `E`. Both proxies are equally correlated with the
# true reward (about 0.75), so a correlation check cannot tell them apart.
#
# For each trial we draw `N_MAX` candidates once and take best-of-n over the first n of them,
# so the n = 2 pool is contained in the n = 4 pool, and so on (one batch of samples serves
# every n). With nested pools the best proxy score can never go down as n grows; the
# interesting curve is the true reward.

# %%
rng = np.random.default_rng(SEED)
true = rng.standard_normal((TRIALS, N_MAX), dtype=np.float32)
heavy_error = (ERROR_SCALE * rng.standard_t(TAIL_DF, (TRIALS, N_MAX))).astype(np.float32)
light_error = rng.standard_normal((TRIALS, N_MAX), dtype=np.float32)
light_error *= ERROR_STD  # same standard deviation as heavy_error
proxy_heavy = true + heavy_error
proxy_light = true + light_error

ns = 2 ** np.arange(int(np.log2(N_MAX)) + 1)
rows = np.arange(TRIALS)


def best_of_n(proxy):
    """Mean proxy and mean true reward of the proxy-best candidate, for each n in `ns`."""
    mean_proxy, mean_true = [], []
    for n in ns:
        best = proxy[:, :n].argmax(axis=1)
        mean_proxy.append(proxy[rows, best].mean())
        mean_true.append(true[rows, best].mean())
    return np.array(mean_proxy), np.array(mean_true)


heavy_proxy_curve, heavy_true_curve = best_of_n(proxy_heavy)
light_proxy_curve, light_true_curve = best_of_n(proxy_light)
corr_heavy = np.corrcoef(true.ravel(), proxy_heavy.ravel())[0, 1]
corr_light = np.corrcoef(true.ravel(), proxy_light.ravel())[0, 1]

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 4))
axes[0].plot(ns, heavy_proxy_curve, "o-", label="heavy-tailed error")
axes[0].plot(ns, light_proxy_curve, "s--", label="light-tailed error, same std (ablation)")
axes[0].set_title("proxy reward of the chosen candidate")
axes[1].plot(ns, heavy_true_curve, "o-", label="heavy-tailed error")
axes[1].plot(ns, light_true_curve, "s--", label="light-tailed error, same std (ablation)")
axes[1].axhline(0.0, color="grey", lw=0.8)
axes[1].set_title("true reward of the chosen candidate")
for ax in axes:
    ax.set_xscale("log", base=2)
    ax.set_xlabel("n (candidates drawn)")
    ax.legend()
fig.tight_layout()

# %% [markdown]
# ## Why the true reward turns around
#
# Picking the top proxy out of n candidates picks an unusually large `X + E`. The question is
# which part, `X` or `E`, usually supplies the excess.
#
# * **Light-tailed error.** Both parts are Gaussian. Gaussian densities fall off so fast
#   that two moderately large values are far more likely than one very large one, so the
#   excess tends to be shared between `X` and `E`, and the chosen candidate's true reward
#   grows with its proxy.
# * **Heavy-tailed error.** The density of a Student-t error with 3 degrees of freedom
#   shrinks only like a power of the error (about 1/error^4), far more slowly than a
#   Gaussian's.
#   Far out, one huge error is much more likely than a large true reward plus a large error.
#   So the very top proxy scores come mostly from candidates whose error is huge and whose
#   true reward is ordinary. For small n the proxy still picks good candidates (its typical
#   error is modest); for large n it picks the luckiest errors, and the true reward sinks
#   back towards 0, the value of a random pick.
#
# Kwa, Thomas and Garriga-Alonso (2024) call the extreme case of this "catastrophic
# Goodhart". The exact numbers here depend on the distributions chosen, but the comparison is
# the point: the two errors have the same standard deviation and the two proxies the same
# correlation with the true reward, so neither number can tell you whether hard optimization of
# a proxy will help or hurt; the shape of the error's tail can.

# %%
peak = int(np.argmax(heavy_true_curve))
print(f"error_std_heavy={heavy_error.std(dtype=np.float64):.3f}")
print(f"error_std_light={light_error.std(dtype=np.float64):.3f}")
print(f"proxy_true_correlation_heavy={corr_heavy:.3f}")
print(f"proxy_true_correlation_light={corr_light:.3f}")
# With nested pools the best proxy can only go up as n grows: printed, not a claim.
print(f"proxy_monotone={int(np.all(np.diff(heavy_proxy_curve) >= 0))}")
print(f"proxy_at_max_n={heavy_proxy_curve[-1]:.3f}")
print(f"true_peak_n={ns[peak]}")
print(f"true_at_peak={heavy_true_curve[peak]:.3f}")
print(f"true_at_max_n={heavy_true_curve[-1]:.3f}")
print(f"ablation_true_monotone={int(np.all(np.diff(light_true_curve) > 0))}")
print(f"ablation_true_at_max_n={light_true_curve[-1]:.3f}")
print(f"max_n={N_MAX}")
