# %% [markdown]
# # Catching a capability threshold in time: evaluation spacing, noise and the safety buffer
#
# **Concepts shown:** responsible scaling policies (frontier safety frameworks), capability
# thresholds, evaluation noise.
#
# A frontier safety framework says: *if* a model reaches a dangerous capability level, *then*
# stronger safeguards must be in place. Whether that promise can be kept depends on measurement.
# The developer cannot see the model's true capability, only scores on a benchmark with a
# finite number of items, run now and then during training. Between two evaluations the model
# keeps improving, and each score is noisy.
#
# Here a model's true capability (the share of a benchmark's items it would solve) rises along
# an S-shaped curve over 300 training checkpoints, with a different speed and timing in every
# one of 1,000 simulated runs. The threshold of concern is a true capability of 0.5. An
# evaluation every `k` checkpoints scores the model on `n` items (each solved with probability
# equal to the true capability, so the score has binomial noise), and the developer acts at the
# first evaluation whose score reaches **the threshold minus a safety buffer**. An action is
# **late** if it comes at a checkpoint after the one where the true capability first reached the
# threshold.
#
# Anthropic's first Responsible Scaling Policy (version 1.0, September 2023) described exactly
# this trade-off: evaluations every 4x increase in effective compute, and evaluations designed
# to trigger below the capability of concern, with a safety buffer (6x) chosen larger than the
# evaluation interval. The demo shows why the buffer has to cover the growth between
# evaluations as well as the noise of each one, and what such a buffer costs.
#
# **What you'll see:** one example run; the share of late actions for every combination of
# spacing and item count, with no buffer and with a buffer of two standard errors of the score
# (sized to the noise only); and the price of a buffer that also covers the growth between
# evaluations: acting many checkpoints earlier than the crossing.
#
# **Claim:** with evaluations every 10 checkpoints on 500 items and a buffer sized to the noise
# only (two standard errors of the score), the developer acts after the true crossing in at
# least 30% of runs. Ablation on the same runs: evaluating at every checkpoint with the same items
# and buffer brings late actions to at most 5%. With the sparse schedule and a noise-sized
# buffer, more items make lateness worse: the late share with 1000 items exceeds the late share
# with 25 items by at least 0.3.
#
# Sources: Anthropic, [Anthropic's Responsible Scaling
# Policy](https://www.anthropic.com/news/anthropics-responsible-scaling-policy), version 1.0,
# 2023 (evaluation interval and safety buffer); Anthropic, [Responsible Scaling Policy Version
# 3.0](https://www.anthropic.com/news/responsible-scaling-policy-v3), 2026 (models that come
# close to a threshold without clearly crossing it).

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # master seed; every generator derives from it
RUNS = 1000  # simulated training runs, each with its own capability curve
CHECKPOINTS = 300  # training checkpoints per run
THRESHOLD = 0.5  # true capability (share of items solved) at which safeguards must be ready
CAP_LOW, CAP_HIGH = 0.05, 0.95  # capability at the start and end of the S-shaped curve
MIDPOINT_RANGE = (100, 200)  # checkpoint where the curve is steepest, drawn per run
WIDTH_RANGE = (10, 30)  # how many checkpoints the rise takes (logistic scale), drawn per run
SPACINGS = (1, 2, 5, 10, 20)  # evaluate every k checkpoints
ITEM_COUNTS = (25, 50, 100, 200, 500, 1000)  # benchmark items per evaluation
MAIN_SPACING, MAIN_ITEMS = 10, 500  # the headline set-up: sparse but large evaluations
Z = 2.0  # buffer in standard errors of the score ("sized to the noise")
# Largest possible capability growth per checkpoint: the steepest slope of the steepest curve.
MAX_GROWTH = (CAP_HIGH - CAP_LOW) / (4 * WIDTH_RANGE[0])

# %% [markdown]
# ## Capability curves and evaluations
#
# The standard error of a score on `n` items, at the threshold, is the square root of
# 0.5 × 0.5 / n: 0.07 for 50 items, 0.022 for 500, 0.016 for 1000. Each run gets a random
# offset for its evaluation schedule, so the schedule is not aligned with the crossing on
# purpose. All set-ups see the same capability curves; set-ups with the same spacing and item
# count also share the same noisy scores, so they differ only in their buffer.

# %%
rng = np.random.default_rng(SEED)
midpoint = rng.uniform(*MIDPOINT_RANGE, RUNS)
width = rng.uniform(*WIDTH_RANGE, RUNS)
steps = np.arange(CHECKPOINTS)
capability = CAP_LOW + (CAP_HIGH - CAP_LOW) / (
    1 + np.exp(-(steps[None, :] - midpoint[:, None]) / width[:, None])
)
crossing = (capability >= THRESHOLD).argmax(axis=1)  # first checkpoint at or above threshold
schedule_offset = rng.random(RUNS)  # where in [0, k) each run's first evaluation falls
rows = np.arange(RUNS)


def standard_error(items):
    return np.sqrt(THRESHOLD * (1 - THRESHOLD) / items)


def evaluate(spacing, items):
    """Evaluation checkpoints and noisy scores for every run (one shared draw per set-up)."""
    first = np.floor(schedule_offset * spacing).astype(int)
    when = first[:, None] + spacing * np.arange(CHECKPOINTS // spacing + 1)[None, :]
    when = np.where(when < CHECKPOINTS, when, CHECKPOINTS)  # past the end: never evaluated
    true_there = capability[rows[:, None], np.minimum(when, CHECKPOINTS - 1)]
    scores = rng.binomial(items, true_there) / items
    scores[when >= CHECKPOINTS] = -1.0  # evaluations that would fall after training ended
    return when, scores


def act(when, scores, buffer):
    """Checkpoint of the first evaluation whose score reaches THRESHOLD - buffer."""
    hit = scores >= THRESHOLD - buffer
    first_hit = hit.argmax(axis=1)
    return np.where(hit.any(axis=1), when[rows, first_hit], CHECKPOINTS)


def summary(action):
    """Share of late actions, and median checkpoints acted before the crossing."""
    late = float(np.mean(action > crossing))
    lead = float(np.median(crossing - action))
    return late, lead


# %% [markdown]
# ## Late actions across spacing and item count

# %%
late_no_buffer = np.zeros((len(SPACINGS), len(ITEM_COUNTS)))
late_noise_buffer = np.zeros_like(late_no_buffer)
shared = {}
for i, k in enumerate(SPACINGS):
    for j, n in enumerate(ITEM_COUNTS):
        when, scores = evaluate(k, n)
        shared[(k, n)] = (when, scores)
        late_no_buffer[i, j] = summary(act(when, scores, 0.0))[0]
        late_noise_buffer[i, j] = summary(act(when, scores, Z * standard_error(n)))[0]

noise_buffer = Z * standard_error(MAIN_ITEMS)
growth_buffer = noise_buffer + MAIN_SPACING * MAX_GROWTH
main_when, main_scores = shared[(MAIN_SPACING, MAIN_ITEMS)]
dense_when, dense_scores = shared[(1, MAIN_ITEMS)]
main_late, main_lead = summary(act(main_when, main_scores, noise_buffer))
dense_late, dense_lead = summary(act(dense_when, dense_scores, noise_buffer))
growth_late, growth_lead = summary(act(main_when, main_scores, growth_buffer))
dense_nobuf_late, dense_nobuf_lead = summary(act(dense_when, dense_scores, 0.0))
main_action = act(main_when, main_scores, noise_buffer)
overshoot = capability[rows, np.minimum(main_action, CHECKPOINTS - 1)] - THRESHOLD
late_overshoot = float(np.median(overshoot[main_action > crossing]))

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.3))
run = 0  # the first simulated run, whatever it looks like
ax = axes[0]
ax.plot(steps, capability[run], "k-", label="true capability")
evaluated = main_when[run] < CHECKPOINTS
ax.errorbar(
    main_when[run][evaluated],
    main_scores[run][evaluated],
    yerr=standard_error(MAIN_ITEMS),
    fmt="o",
    ms=3,
    label=f"score every {MAIN_SPACING} checkpoints, {MAIN_ITEMS} items",
)
ax.axhline(THRESHOLD, color="red", lw=1, label="threshold of concern")
ax.axhline(THRESHOLD - noise_buffer, color="orange", ls="--", label="trigger: 2 standard errors")
ax.axhline(THRESHOLD - growth_buffer, color="green", ls=":", label="trigger: + growth")
ax.axvline(crossing[run], color="red", ls=":", lw=1)
ax.set_xlim(max(0, crossing[run] - 80), min(CHECKPOINTS, crossing[run] + 40))
ax.set_xlabel("training checkpoint")
ax.set_ylabel("share of items solved")
ax.set_title("one run (red dotted line: true crossing)")
ax.legend(fontsize=7, loc="upper left")
for ax, grid, title in [
    (axes[1], late_no_buffer, "share of late actions, no buffer"),
    (axes[2], late_noise_buffer, "share of late actions, buffer = 2 standard errors"),
]:
    image = ax.imshow(grid, vmin=0, vmax=1, cmap="magma_r", aspect="auto")
    ax.set_xticks(range(len(ITEM_COUNTS)), ITEM_COUNTS)
    ax.set_yticks(range(len(SPACINGS)), SPACINGS)
    ax.set_xlabel("items per evaluation")
    ax.set_ylabel("evaluate every k checkpoints")
    ax.set_title(title)
    for (i, j), value in np.ndenumerate(grid):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7, color="tab:blue")
fig.colorbar(image, ax=axes[1:], shrink=0.8)

# %% [markdown]
# ## Reading the grids
#
# * **No buffer:** with sparse evaluations most actions are late, because the model keeps
#   improving until the next evaluation. Even with an evaluation at every checkpoint some
#   actions are late: just after the crossing the true capability is barely above the
#   threshold, so a score can land below it (noise also triggers some actions early, which is
#   why the share is well below one half).
# * **Buffer of two standard errors:** at every-checkpoint evaluations lateness disappears, but
#   it comes back as evaluations get sparser, and with sparse evaluations *more items make it
#   worse*: a more precise score shrinks a noise-sized buffer, and a small buffer no longer
#   covers what the model gains between two evaluations.
# * **Buffer that also covers the growth between evaluations:** late actions become rare again
#   with the sparse schedule. That is close to guaranteed here, because the allowance uses the
#   steepest curve of the simulation itself, so only the noise of a score can still make an
#   action late; it is printed, not claimed. What it shows is the price: the developer acts a
#   median of about 20 checkpoints before the crossing instead of about at it. The cost of
#   evaluating rarely is paid in caution (or in models held back that had not yet crossed).
#
# A real developer would have to estimate that steepest growth, and a real capability curve can
# also jump. The numbers are specific to these curves; the mechanism is not.

# %%
print(f"main_spacing={MAIN_SPACING}")
print(f"main_items={MAIN_ITEMS}")
print(f"noise_buffer={noise_buffer:.3f}")
print(f"growth_buffer={growth_buffer:.3f}")
print(f"late_share={main_late:.3f}")
print(f"late_median_overshoot={late_overshoot:.3f}")
print(f"lead_median={main_lead:.3f}")
print(f"ablation_dense_late_share={dense_late:.3f}")
print(f"ablation_dense_lead_median={dense_lead:.3f}")
print(f"growth_buffer_late_share={growth_late:.3f}")
print(f"growth_buffer_lead_median={growth_lead:.3f}")
print(f"no_buffer_dense_late_share={dense_nobuf_late:.3f}")
print(f"no_buffer_dense_lead_median={dense_nobuf_lead:.3f}")
print(f"noise_buffer_sparse_late_25_items={late_noise_buffer[SPACINGS.index(10), 0]:.3f}")
print(f"noise_buffer_sparse_late_1000_items={late_noise_buffer[SPACINGS.index(10), -1]:.3f}")
