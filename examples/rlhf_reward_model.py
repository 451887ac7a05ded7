# %% [markdown]
# # RLHF in miniature: a learned reward model, a KL leash, and overoptimization
#
# **Concepts shown:** reinforcement learning from human feedback (RLHF), Bradley-Terry reward
# model, KL-regularized policy optimization, reward-model overoptimization.
#
# RLHF, as in Christiano et al. (2017), [*Deep reinforcement learning from human
# preferences*](https://arxiv.org/abs/1706.03741), and Ouyang et al. (2022), [*Training language
# models to follow instructions with human feedback*](https://arxiv.org/abs/2203.02155), has two
# stages. First, people compare pairs of outputs and a reward model is fitted to their choices
# with the Bradley-Terry model: `P(a preferred to b) = sigmoid(r(a) - r(b))`. Second, the policy is
# tuned to score highly under that learned reward while a KL penalty keeps it close to the
# starting (reference) policy. Here a "response" is just two numbers, its quality and its length.
# Simulated labelers judge by a hidden true reward: quality counts, and some length helps, but
# very long answers are worse. The reference policy writes short answers, so the labelers only
# ever compare short responses, where "longer is better" happens to hold. The reward model is
# linear in quality and length, so it learns "longer is better" and extrapolates it to lengths it
# has never seen. We then compute the exact KL-regularized optimal policy for a range of penalty
# strengths `beta`.
#
# **What you'll see:** the reward model ranks typical responses almost perfectly. As `beta`
# shrinks, the learned (proxy) reward of the optimized policy climbs steadily, while the true
# reward rises, peaks, and then falls as the policy drifts to very long answers: the reward model
# has been overoptimized. Gao et al. (2022), [*Scaling Laws for Reward Model
# Overoptimization*](https://arxiv.org/abs/2210.10760), measured the same rise-then-fall in real
# RLHF. Optimizing the true reward itself with the same KL penalty shows no fall.
#
# **Claim:** the reward model orders at least 70% of held-out response pairs the same way as the
# true reward; the proxy reward never decreases as `beta` shrinks; and the true reward at the best
# `beta` beats both the reference policy and the smallest `beta` (weakest penalty), the latter by
# more than 1.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the responses, comparisons and held-out pairs
N_RESPONSES = 1000  # candidate responses the policy chooses among
MAX_LENGTH = 4.0  # response lengths are uniform on [0, MAX_LENGTH] (arbitrary units)
LENGTH_GAIN = 2.0  # true reward gains LENGTH_GAIN * length ...
LENGTH_PENALTY = 0.8  # ... minus LENGTH_PENALTY * length**2 (best length is 1.25)
REF_LENGTH_SCALE = (
    0.5  # reference weight is exp(-(length / REF_LENGTH_SCALE)**2 / 2): short answers
)
N_COMPARISONS = 300  # labelled preference pairs used to fit the reward model
L2_PENALTY = 1e-2  # ridge penalty on the reward-model weights
NEWTON_STEPS = 30  # Newton iterations for the logistic-regression fit
N_HELDOUT = 5000  # fresh pairs from the reference policy used to score the reward model
BETAS = np.geomspace(10.0, 0.01, 31)  # KL penalty strengths, from strong to weak

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Responses, true reward, reference policy

# %%
quality = rng.standard_normal(N_RESPONSES)
length = rng.uniform(0.0, MAX_LENGTH, N_RESPONSES)
features = np.stack([quality, length], axis=1)
true_reward = quality + LENGTH_GAIN * length - LENGTH_PENALTY * length**2

log_ref = -0.5 * (length / REF_LENGTH_SCALE) ** 2
log_ref -= np.log(np.sum(np.exp(log_ref)))
pi_ref = np.exp(log_ref)

# %% [markdown]
# ## Simulated human preferences and the Bradley-Terry reward model
#
# Pairs are drawn from the reference policy, as in RLHF where labelers compare samples of the
# current model. Each label is random: `a` wins with probability `sigmoid(r*(a) - r*(b))`. The
# reward model `r_hat(y) = theta . features(y)` is fitted by maximizing the Bradley-Terry
# likelihood, which is logistic regression on feature differences; with two weights, Newton's
# method converges in a few steps.


# %%
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


first = rng.choice(N_RESPONSES, N_COMPARISONS, p=pi_ref)
second = rng.choice(N_RESPONSES, N_COMPARISONS, p=pi_ref)
first_wins = rng.uniform(size=N_COMPARISONS) < sigmoid(true_reward[first] - true_reward[second])

diff = features[first] - features[second]
label = first_wins.astype(float)
theta = np.zeros(2)
for _ in range(NEWTON_STEPS):
    p = sigmoid(diff @ theta)
    grad = diff.T @ (p - label) / N_COMPARISONS + L2_PENALTY * theta
    hess = (diff.T * (p * (1 - p))) @ diff / N_COMPARISONS + L2_PENALTY * np.eye(2)
    theta -= np.linalg.solve(hess, grad)
proxy_reward = features @ theta
print(f"reward model weights: quality={theta[0]:.3f}, length={theta[1]:.3f}")
print(f"longest response seen in a comparison: {length[np.r_[first, second]].max():.2f}")

# Held-out check: fresh pairs from the reference policy, graded by the true reward (ties dropped).
a = rng.choice(N_RESPONSES, N_HELDOUT, p=pi_ref)
b = rng.choice(N_RESPONSES, N_HELDOUT, p=pi_ref)
keep = a != b
agree = np.sign(proxy_reward[a] - proxy_reward[b]) == np.sign(true_reward[a] - true_reward[b])
rm_heldout_accuracy = float(np.mean(agree[keep]))
print(f"held-out pairs ordered like the true reward: {rm_heldout_accuracy:.3f}")

# %% [markdown]
# ## KL-regularized policy optimization, solved exactly
#
# The RLHF objective is `max_pi E_pi[r_hat] - beta * KL(pi || pi_ref)`. Over a finite set of
# responses it has a closed-form maximizer, `pi_beta(y) = pi_ref(y) exp(r_hat(y) / beta) / Z`
# (set the derivative of the objective, with the constraint that `pi` sums to 1, to zero). Large
# `beta` keeps the reference policy; `beta -> 0` puts all mass on the response the reward model
# likes best. Language models have far too many responses to enumerate, which is why RLHF uses
# PPO and sampling instead; here we can compute the optimum exactly. For comparison we also
# compute the same curve with the true reward in place of the learned one (an "oracle").


# %%
def kl_optimal_policy(reward, beta):
    logits = log_ref + reward / beta
    logits -= logits.max()
    pi = np.exp(logits)
    return pi / pi.sum()


def kl_to_ref(pi):
    mask = pi > 0
    return float(np.sum(pi[mask] * (np.log(pi[mask]) - log_ref[mask])))


true_curve, proxy_curve, kl_curve, length_curve, oracle_true, oracle_kl = [], [], [], [], [], []
for beta in BETAS:
    pi = kl_optimal_policy(proxy_reward, beta)
    true_curve.append(pi @ true_reward)
    proxy_curve.append(pi @ proxy_reward)
    kl_curve.append(kl_to_ref(pi))
    length_curve.append(pi @ length)
    pi_oracle = kl_optimal_policy(true_reward, beta)
    oracle_true.append(pi_oracle @ true_reward)
    oracle_kl.append(kl_to_ref(pi_oracle))
true_curve, proxy_curve = np.array(true_curve), np.array(proxy_curve)
for beta, t, pr, kl, ln in zip(BETAS, true_curve, proxy_curve, kl_curve, length_curve, strict=True):
    print(f"beta={beta:7.3f}  KL={kl:6.3f}  proxy={pr:6.3f}  true={t:6.3f}  mean length={ln:.2f}")

best = int(np.argmax(true_curve))
best_beta = float(BETAS[best])
# BETAS runs from large to small, so "never decreases as beta shrinks" is a non-negative diff.
proxy_monotone = int(np.all(np.diff(proxy_curve) >= -1e-9))

# %% [markdown]
# ## Figure
#
# Left: what the reward model got wrong. The true effect of length (curve) rises and then falls;
# the reward model's length effect (straight line, shifted to match at length 0) keeps rising.
# The bars show which lengths the labelers actually compared: only short ones. Right: rewards of
# the KL-optimal policy against its KL from the reference policy. The proxy keeps improving; the
# true reward peaks and then falls. The oracle curve (optimizing the true reward itself) only
# goes up, so the drop comes from the reward model's error, not from KL optimization as such.
# Only differences of a Bradley-Terry reward are meaningful, so compare the shapes of the proxy
# and true curves, not their levels.

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
ax = axes[0]
grid = np.linspace(0.0, MAX_LENGTH, 200)
ax.plot(grid, LENGTH_GAIN * grid - LENGTH_PENALTY * grid**2, label="true length effect")
ax.plot(grid, theta[1] * grid, label="reward model's length effect")
ax.set_xlabel("response length")
ax.set_ylabel("reward contribution")
twin = ax.twinx()
twin.hist(length[np.r_[first, second]], bins=20, range=(0, MAX_LENGTH), alpha=0.3, color="gray")
twin.set_ylabel("responses in the comparison data")
ax.legend(loc="lower left")
ax.set_title("labelers never compared long answers")

ax = axes[1]
ax.plot(kl_curve, proxy_curve, "o-", ms=3, label="proxy (learned) reward")
ax.plot(kl_curve, true_curve, "o-", ms=3, label="true reward")
ax.plot(oracle_kl, oracle_true, "--", color="gray", label="true reward, optimizing true reward")
ax.scatter([kl_curve[best]], [true_curve[best]], s=120, facecolor="none", edgecolor="k")
ax.annotate(
    f"best beta = {best_beta:.2f}",
    (kl_curve[best], true_curve[best]),
    xytext=(8, 8),
    textcoords="offset points",
)
ax.set_xscale("symlog", linthresh=0.01)
ax.set_xlabel("KL(pi_beta || pi_ref)  (grows as beta shrinks)")
ax.set_ylabel("expected reward under pi_beta")
ax.legend(loc="lower left")
ax.set_title("overoptimizing a learned reward")
fig.tight_layout()

# %%
print(f"rm_heldout_accuracy={rm_heldout_accuracy:.3f}")
print(f"rm_length_weight={theta[1]:.3f}")
print(f"best_beta={best_beta:.3f}")
print(f"smallest_beta={BETAS[-1]:.3f}")
print(f"true_reward_at_reference={pi_ref @ true_reward:.3f}")
print(f"true_reward_at_best_beta={true_curve[best]:.3f}")
print(f"true_reward_at_smallest_beta={true_curve[-1]:.3f}")
print(f"proxy_reward_at_smallest_beta={proxy_curve[-1]:.3f}")
print(f"kl_at_smallest_beta={kl_curve[-1]:.3f}")
print(f"proxy_monotone={proxy_monotone}")
