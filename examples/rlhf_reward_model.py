# %% [markdown]
# # RLHF in miniature: a reward model is only as good as where its labels were
#
# **Concepts shown:** reinforcement learning from human feedback (RLHF), Bradley-Terry reward
# model, KL-regularized policy optimization, reward-model overoptimization.
#
# In the recipe of Ouyang et al. (2022), [*Training language models to follow instructions with
# human feedback*](https://arxiv.org/abs/2203.02155), RLHF has three stages: supervised
# fine-tuning on demonstrations, a reward model fitted to people's comparisons of model outputs,
# and reinforcement learning against that reward model with a KL penalty that keeps the policy
# close to the supervised model (KL, the Kullback-Leibler divergence, measures how far one
# probability distribution is from another). This demo models the last two stages. A fixed
# "reference policy" stands in for the supervised model; the reward model is fitted to simulated
# pairwise preferences with the Bradley-Terry model, `P(a preferred to b) = sigmoid(r(a) - r(b))`;
# and instead of running PPO we compute the exact optimum of the KL-regularized objective for a
# range of penalty strengths `beta` (the weight on the KL term: large `beta` keeps the policy at
# the reference, small `beta` lets it chase the reward model).
#
# A "response" is two numbers, its quality and its length. Simulated labelers judge by a hidden
# true reward: quality counts, and each unit of length is worth 2 up to a length of 1.5, beyond
# which padding costs more and more (the best length is 2). The reward model has a quality
# weight, a length weight and a length-squared weight, so it *can* bend downwards for long
# answers; it is not forced to believe "longer is always better".
#
# We fit it twice, with the same number of comparisons, the same label noise and the same
# optimizer, changing only **which responses the labelers compare**:
#
# * **reference labels**: pairs sampled from the reference policy, as in RLHF, where labelers
#   compare the current model's outputs. The reference writes short answers, so the labels
#   almost never cover lengths above 1.5, where the true reward turns.
# * **covering labels** (the ablation): pairs sampled uniformly over all responses, so long
#   answers are compared too.
#
# **What you'll see:** with reference labels the reward model ranks ordinary responses well, but
# where it has no labels it extrapolates "longer is better". As `beta` shrinks, its score of the
# optimized policy keeps climbing while the true reward rises, peaks and then falls far below the
# peak as the policy drifts to very long answers. With covering labels the same reward model,
# optimized just as hard, bends down where the truth does, and the true reward does not fall.
#
# **Claim:** with labels from the reference policy, the reward model orders at least 70% of
# held-out reference pairs like the true reward, yet the true reward of the optimized policy
# peaks at an intermediate KL penalty strength `beta` (above the reference policy's) and at the
# smallest `beta` is more than 1 below that peak and below the reference policy's; with the same
# number of labels covering long answers (ablation, same seed), the true reward at the smallest
# `beta` is within 0.1 of its peak and above the reference policy's.
#
# Related: Gao, Schulman and Hilton (2022), [*Scaling Laws for Reward Model
# Overoptimization*](https://arxiv.org/abs/2210.10760), measured the rise-then-fall of true reward
# under optimization against learned reward models at scale.

# %%
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the responses, comparisons and held-out pairs
N_RESPONSES = 1000  # candidate responses the policy chooses among
MAX_LENGTH = 4.0  # response lengths are uniform on [0, MAX_LENGTH] (arbitrary units)
LENGTH_GAIN = 2.0  # true reward gains LENGTH_GAIN per unit of length ...
PADDING_START = 1.5  # ... and beyond this length ...
PADDING_COST = 2.0  # ... loses PADDING_COST * (length - PADDING_START)**2 (best length: 2.0)
REF_LENGTH_SCALE = 0.5  # reference weight exp(-(length / REF_LENGTH_SCALE)**2 / 2): short answers
N_COMPARISONS = 300  # labelled preference pairs per reward model (same for both label sets)
L2_PENALTY = 1e-2  # ridge penalty on the reward-model weights
NEWTON_STEPS = 30  # Newton iterations for the logistic-regression fit
N_HELDOUT = 5000  # fresh reference-policy pairs used to score the reward models
BETAS = np.geomspace(10.0, 0.01, 31)  # KL penalty strengths, from strong to weak

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Responses, true reward, reference policy

# %%
quality = rng.standard_normal(N_RESPONSES)
length = rng.uniform(0.0, MAX_LENGTH, N_RESPONSES)
features = np.stack([quality, length, length**2], axis=1)  # what the reward model sees


def true_length_effect(x):
    return LENGTH_GAIN * x - PADDING_COST * np.maximum(x - PADDING_START, 0.0) ** 2


true_reward = quality + true_length_effect(length)

log_ref = -0.5 * (length / REF_LENGTH_SCALE) ** 2
log_ref -= np.log(np.sum(np.exp(log_ref)))
pi_ref = np.exp(log_ref)

# %% [markdown]
# ## Simulated human preferences and the Bradley-Terry reward model
#
# Each label is random: `a` wins with probability `sigmoid(r*(a) - r*(b))`, where `r*` is the true
# reward. The same uniform draws decide the labels of both label sets (common random numbers), so
# the two fits differ only in which pairs were compared. The reward model
# `r_hat(y) = theta . (quality, length, length**2)` is fitted by maximizing the Bradley-Terry
# likelihood, which is logistic regression on feature differences; with three weights, Newton's
# method converges in a few steps. Because the labels follow the Bradley-Terry model with the
# true reward as its score, a well-fitted `r_hat` is on the same scale as `r*`, so the two can
# be compared directly (neither has a constant term).


# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


label_noise = rng.uniform(size=N_COMPARISONS)  # shared by both label sets
pairs = {
    "reference": (
        rng.choice(N_RESPONSES, N_COMPARISONS, p=pi_ref),
        rng.choice(N_RESPONSES, N_COMPARISONS, p=pi_ref),
    ),
    "covering": (
        rng.choice(N_RESPONSES, N_COMPARISONS),
        rng.choice(N_RESPONSES, N_COMPARISONS),
    ),
}


def fit_reward_model(first, second):
    first_wins = label_noise < sigmoid(true_reward[first] - true_reward[second])
    diff = features[first] - features[second]
    label = first_wins.astype(float)
    theta = np.zeros(features.shape[1])
    for _ in range(NEWTON_STEPS):
        p = sigmoid(diff @ theta)
        grad = diff.T @ (p - label) / N_COMPARISONS + L2_PENALTY * theta
        hess = (diff.T * (p * (1 - p))) @ diff / N_COMPARISONS + L2_PENALTY * np.eye(len(theta))
        theta -= np.linalg.solve(hess, grad)
    return theta


# Held-out check: fresh pairs from the reference policy, graded by the true reward (ties dropped).
held_a = rng.choice(N_RESPONSES, N_HELDOUT, p=pi_ref)
held_b = rng.choice(N_RESPONSES, N_HELDOUT, p=pi_ref)
held_keep = held_a != held_b


def heldout_accuracy(proxy):
    same = np.sign(proxy[held_a] - proxy[held_b]) == np.sign(
        true_reward[held_a] - true_reward[held_b]
    )
    return float(np.mean(same[held_keep]))


thetas, proxies = {}, {}
for name, (first, second) in pairs.items():
    thetas[name] = fit_reward_model(first, second)
    proxies[name] = features @ thetas[name]
    compared = length[np.r_[first, second]]
    print(
        f"{name:9s} labels: weights (quality, length, length^2) = {np.round(thetas[name], 3)}, "
        f"longest compared length {compared.max():.2f}, "
        f"share of compared responses longer than {PADDING_START}: "
        f"{np.mean(compared > PADDING_START):.3f}, "
        f"held-out reference pairs ordered like the true reward: "
        f"{heldout_accuracy(proxies[name]):.3f}"
    )

# %% [markdown]
# ## KL-regularized policy optimization, solved exactly
#
# The objective is `max_pi E_pi[r_hat] - beta * KL(pi || pi_ref)`, where `KL(pi || pi_ref)` is
# the Kullback-Leibler divergence, the expected log-ratio of the two policies' probabilities. Over
# a finite set of responses it has a closed-form maximizer,
# `pi_beta(y) = pi_ref(y) exp(r_hat(y) / beta) / Z` (set the derivative of the objective, with
# the constraint that `pi` sums to 1, to zero). Language models have far too many responses to
# enumerate, which is why RLHF uses PPO and sampling; here we can compute the optimum exactly,
# which removes optimizer noise from the comparison.


# %%
def kl_optimal_policy(reward, beta):
    logits = log_ref + reward / beta
    logits -= logits.max()
    pi = np.exp(logits)
    return pi / pi.sum()


def kl_to_ref(pi):
    mask = pi > 0
    return float(np.sum(pi[mask] * (np.log(pi[mask]) - log_ref[mask])))


curves = {}
for name, proxy in proxies.items():
    policies = [kl_optimal_policy(proxy, beta) for beta in BETAS]
    curves[name] = {
        "true": np.array([pi @ true_reward for pi in policies]),
        "proxy": np.array([pi @ proxy for pi in policies]),
        "kl": np.array([kl_to_ref(pi) for pi in policies]),
        "length": np.array([pi @ length for pi in policies]),
    }
    c = curves[name]
    print(f"\n{name} labels")
    for i in range(0, len(BETAS), 5):
        print(
            f"  beta={BETAS[i]:7.3f}  KL={c['kl'][i]:6.3f}  proxy={c['proxy'][i]:7.3f}  "
            f"true={c['true'][i]:6.3f}  mean length={c['length'][i]:.2f}"
        )

# %% [markdown]
# ## Figure
#
# Left: the true length effect (it turns down past 1.5) and each reward model's length effect,
# over a histogram of the lengths each label set compared. Middle and right: the reward model's
# score (proxy) and the true reward of the KL-optimal policy, against its KL divergence from the
# reference, which grows as `beta` shrinks. With reference labels the proxy keeps climbing while
# the true reward turns down; with covering labels both level off together.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
ax = axes[0]
grid = np.linspace(0.0, MAX_LENGTH, 200)
ax.plot(grid, true_length_effect(grid), "k", lw=2, label="true length effect")
for name, style in (("reference", "C0--"), ("covering", "C1-.")):
    theta = thetas[name]
    ax.plot(grid, theta[1] * grid + theta[2] * grid**2, style, label=f"reward model, {name} labels")
ax.set_xlabel("response length")
ax.set_ylabel("reward contribution")
ax.set_ylim(-8, 12)
twin = ax.twinx()
for name, color in (("reference", "C0"), ("covering", "C1")):
    first, second = pairs[name]
    twin.hist(length[np.r_[first, second]], bins=20, range=(0, MAX_LENGTH), alpha=0.25, color=color)
twin.set_ylabel("responses in the comparison data")
ax.legend(loc="upper left", fontsize=8)
ax.set_title("where each reward model has labels")

for ax, name in zip(axes[1:], ("reference", "covering"), strict=True):
    c = curves[name]
    best = int(np.argmax(c["true"]))
    ax.plot(c["kl"], c["proxy"], "o-", ms=3, label="reward model's score (proxy)")
    ax.plot(c["kl"], c["true"], "o-", ms=3, label="true reward")
    ax.axhline(pi_ref @ true_reward, color="grey", lw=0.8, label="true reward of reference")
    ax.scatter([c["kl"][best]], [c["true"][best]], s=120, facecolor="none", edgecolor="k")
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_xlabel("KL(pi_beta || pi_ref)  (grows as beta shrinks)")
    ax.set_ylabel("expected reward under pi_beta")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title(f"optimizing the reward model: {name} labels")
fig.tight_layout()


# %% [markdown]
# ## What the reference labels could not say
#
# Below a length of 1.5 the true length effect is a straight line, so comparisons of short
# answers carry no information about the turn that comes later. The reference-label reward model
# has the same length-squared feature as the covering one, but its labels cannot fix that
# weight: the weight penalty and the noise of 300 labels decide it. Here the penalty spreads the
# length effect over both length terms, which bends the curve upwards. With a penalty 100 times
# weaker (not shown, checked on seeds 0 to 9) the fitted length-squared weight swung between
# about -1.6 and +1.2 from seed to seed, and on two of the ten seeds it happened to bend down far
# enough to avoid the drop. Either way, what the reward model says about long answers comes from
# its assumptions, not from the labelers; only labels there (the covering set) pin it down.
# Note also that both reward models order held-out reference pairs well (printed above): accuracy
# where the labels are says nothing about where the policy will go.


# %%
def summary(name):
    """Index of the penalty strength with the highest true reward, and that label set's curves."""
    return int(np.argmax(curves[name]["true"])), curves[name]


best, c = summary("reference")
print(f"rm_heldout_accuracy={heldout_accuracy(proxies['reference']):.3f}")
print(f"rm_length_squared_weight={thetas['reference'][2]:.3f}")
print(f"best_beta={BETAS[best]:.3f}")
print(f"smallest_beta={BETAS[-1]:.3f}")
print(f"largest_beta={BETAS[0]:.3f}")
print(f"true_reward_at_reference={pi_ref @ true_reward:.3f}")
print(f"true_reward_at_best_beta={c['true'][best]:.3f}")
print(f"true_reward_at_smallest_beta={c['true'][-1]:.3f}")
print(f"proxy_reward_at_smallest_beta={c['proxy'][-1]:.3f}")
print(f"mean_length_at_smallest_beta={c['length'][-1]:.3f}")
# By construction the proxy of the KL-optimal policy never falls as beta shrinks (its derivative
# in 1/beta is a variance); printed for the reader, not a claim.
print(f"proxy_monotone={int(np.all(np.diff(c['proxy']) >= -1e-9))}")
best, c = summary("covering")
print(f"ablation_rm_heldout_accuracy={heldout_accuracy(proxies['covering']):.3f}")
print(f"ablation_rm_length_squared_weight={thetas['covering'][2]:.3f}")
print(f"ablation_best_beta={BETAS[best]:.3f}")
print(f"ablation_true_reward_at_best_beta={c['true'][best]:.3f}")
print(f"ablation_true_reward_at_smallest_beta={c['true'][-1]:.3f}")
print(f"ablation_proxy_reward_at_smallest_beta={c['proxy'][-1]:.3f}")
print(f"ablation_mean_length_at_smallest_beta={c['length'][-1]:.3f}")
