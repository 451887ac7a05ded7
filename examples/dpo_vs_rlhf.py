# %% [markdown]
# # DPO and RLHF land on the same policy
#
# **Concepts shown:** direct preference optimization (DPO), reinforcement learning from human
# feedback (RLHF), Bradley-Terry reward model, KL-regularized policy optimization.
#
# RLHF turns preferences into a policy in two steps: fit a reward model to people's comparisons,
# then optimize the policy against that reward with a KL penalty that keeps it close to a
# reference policy (KL, the Kullback-Leibler divergence, measures how far one probability
# distribution is from another; `beta` is the weight of that penalty). Rafailov et al. (2023),
# [*Direct Preference Optimization: Your Language Model is Secretly a Reward
# Model*](https://arxiv.org/abs/2305.18290), showed that the best policy of that penalized
# objective can be written in terms of the reward, and turned around: the reward is
# `beta * log(pi(y) / pi_ref(y))` plus a constant. Putting that expression into the
# Bradley-Terry likelihood of the comparisons gives a loss on the policy itself, the DPO loss,
# with no separate reward model and no reinforcement learning.
#
# Here a "prompt" has `K` possible responses. A reference policy `pi_ref` (standing in for the
# supervised fine-tuned model) samples pairs of responses; a simulated labeler prefers one of
# each pair with the Bradley-Terry probability `sigmoid(r*(a) - r*(b))` of a hidden true reward
# `r*`. On exactly the same labelled pairs we run
#
# * **RLHF**: fit a Bradley-Terry reward model (one score per response) by maximum likelihood,
#   then compute the exact optimum of the KL-penalized objective,
#   `pi_rlhf(y) = pi_ref(y) exp(r_hat(y) / beta) / Z`;
# * **DPO**: start the policy at `pi_ref` and run plain gradient descent on the DPO loss.
#
# **What is by construction, and what is checked.** That the two methods share their optimum
# is a theorem (for a policy that can put any probability on any response, as here), so the
# agreement below is a numerical check of that theorem, not a discovery. What the check could
# get wrong: gradient descent has a finite number of steps and responses the reference rarely
# samples get few comparisons (their part of the gradient is small), and a finite, noisy set of
# labels could leave the reward estimate poorly determined. Whether the shared policy actually
# earns more *true* reward than the reference depends on those 2000 noisy labels, and is not
# forced either.
#
# **Ablations (same seed, same pairs, same optimizer).** DPO with the reference term removed
# from its loss (`log pi(y)` in place of `log(pi(y) / pi_ref(y))`), and DPO with `beta` four
# times the `beta` of the RLHF objective. The theorem ties DPO to the RLHF optimum through both.
#
# **What you'll see:** the DPO policy sits on top of the RLHF policy (total variation distance,
# half the summed absolute difference of probabilities, near 0.000), and both put more weight on
# the responses with high true reward. The two ablations end up elsewhere.
#
# **Claim:** on the same 2000 labelled pairs, the policy reached by 1500 steps of gradient
# descent on the DPO loss is within total variation distance 0.01 of the RLHF policy
# (Bradley-Terry reward model plus the exact KL-regularized optimum with the same `beta`), and
# both raise the expected true reward over the reference policy's by more than 0.2. With the
# reference term removed from the DPO loss (ablation, same seed and pairs), the DPO policy ends
# more than 0.05 from the RLHF policy, and with `beta` four times larger (second ablation) more
# than 0.1.

# %%
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds rewards, reference policy, pairs and labels
N_RESPONSES = 12  # K: the responses the policy chooses among
REF_LOGIT_STD = 1.0  # spread of the reference policy's logits (0 would make it uniform)
N_PAIRS = 2000  # labelled pairs of two different responses, sampled from the reference policy
BETA = 0.5  # KL penalty strength shared by RLHF and DPO
RIDGE = 1e-6  # tiny weight penalty: only fixes the free constant of the Bradley-Terry scores
NEWTON_STEPS = 50  # Newton iterations for the reward-model fit (converges in far fewer)
DPO_STEPS = 1500  # full-batch gradient descent steps on the DPO loss
DPO_STEP_SIZE = 4.0  # step size times beta**2: the loss's curvature scales with beta**2
ABLATION_BETA_FACTOR = 4.0  # second ablation: DPO with beta * this factor
SWEEP_FACTORS = np.geomspace(1 / 8, 8, 13)  # for the figure: DPO betas relative to BETA

rng = np.random.default_rng(SEED)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(logits):
    z = np.exp(logits - logits.max())
    return z / z.sum()


def total_variation(p, q):
    return 0.5 * float(np.abs(p - q).sum())


def kl(p, q):
    return float(np.sum(p * (np.log(p) - np.log(q))))


# %% [markdown]
# ## Responses, the reference policy, and labelled pairs
#
# The true reward of each response is a standard normal draw; the reference policy is a softmax
# of normal logits, so some responses are common and some rare. Pairs are drawn from the
# reference, as in the DPO paper, where both answers to a prompt come from the supervised model.

# %%
true_reward = rng.standard_normal(N_RESPONSES)
log_ref = rng.normal(0.0, REF_LOGIT_STD, N_RESPONSES)
log_ref -= np.log(np.sum(np.exp(log_ref)))
pi_ref = np.exp(log_ref)

# Draw twice as many candidate pairs as needed and keep the first N_PAIRS with two different
# responses (identical pairs are a minority, so this leaves enough; the count is printed).
first = rng.choice(N_RESPONSES, 2 * N_PAIRS, p=pi_ref)
second = rng.choice(N_RESPONSES, 2 * N_PAIRS, p=pi_ref)
distinct = np.flatnonzero(first != second)[:N_PAIRS]
first, second = first[distinct], second[distinct]
first_wins = rng.uniform(size=first.size) < sigmoid(true_reward[first] - true_reward[second])
winner = np.where(first_wins, first, second)
loser = np.where(first_wins, second, first)
n_pairs = winner.size

# The losses below are sums over pairs; identical (winner, loser) pairs add identical terms, so
# we sum over the K x K combinations, weighted by how often each occurred. Same loss, faster.
counts = np.zeros((N_RESPONSES, N_RESPONSES))
np.add.at(counts, (winner, loser), 1.0)
wins, losses = counts.sum(axis=1), counts.sum(axis=0)
print(
    f"{n_pairs} labelled pairs; fewest wins of any response {wins.min():.0f}, fewest losses "
    f"{losses.min():.0f} (a response that never lost would have no finite best score)"
)


def bradley_terry_grad(scores, beta=1.0):
    """Gradient of the mean Bradley-Terry loss -log sigmoid(beta * (s[w] - s[l])) over pairs."""
    margin = beta * (scores[:, None] - scores[None, :])  # [w, l] entry: winner w, loser l
    weight = counts * sigmoid(-margin) * beta
    return (weight.sum(axis=0) - weight.sum(axis=1)) / n_pairs


# %% [markdown]
# ## RLHF: reward model, then the exact KL-regularized optimum
#
# The reward model gives each response a score `r_hat`, fitted by maximizing the Bradley-Terry
# likelihood with Newton's method. The KL-regularized objective
# `E_pi[r_hat] - beta * KL(pi || pi_ref)` is then maximized exactly by
# `pi_rlhf = pi_ref * exp(r_hat / beta) / Z`. (Real RLHF optimizes a language model with PPO,
# because its responses cannot be listed; here they can, so there is no RL noise to blur the
# comparison.)

# %%
r_hat = np.zeros(N_RESPONSES)
for _ in range(NEWTON_STEPS):
    margin = r_hat[:, None] - r_hat[None, :]
    curvature = counts * sigmoid(margin) * sigmoid(-margin)
    curvature = curvature + curvature.T
    hessian = (np.diag(curvature.sum(axis=1)) - curvature) / n_pairs
    grad = bradley_terry_grad(r_hat) + RIDGE * r_hat
    r_hat -= np.linalg.solve(hessian + RIDGE * np.eye(N_RESPONSES), grad)
pi_rlhf = softmax(log_ref + r_hat / BETA)
pi_oracle = softmax(log_ref + true_reward / BETA)  # same objective with the true reward

# %% [markdown]
# ## DPO: gradient descent on the preference pairs, no reward model
#
# The policy has one logit per response, `pi = softmax(theta)`, starting at the reference. DPO's
# loss on a pair is `-log sigmoid(beta * (h(winner) - h(loser)))` with
# `h(y) = log pi(y) - log pi_ref(y)`: the Bradley-Terry loss of the *implicit reward*
# `beta * h(y)`. (The normalizing constant of the softmax cancels in the difference.) The
# ablation without a reference uses `h(y) = log pi(y)`.


# %%
def run_dpo(beta, use_reference=True, steps=DPO_STEPS):
    """Full-batch gradient descent on the DPO loss from pi_ref; returns the final policy."""
    theta = log_ref.copy()
    offset = log_ref if use_reference else 0.0
    step_size = DPO_STEP_SIZE / beta**2
    gap = []
    for _ in range(steps):
        theta -= step_size * bradley_terry_grad(theta - offset, beta)
        gap.append(total_variation(softmax(theta), pi_rlhf))
    return softmax(theta), np.array(gap)


pi_dpo, gap_dpo = run_dpo(BETA)
pi_noref, gap_noref = run_dpo(BETA, use_reference=False)
pi_wrong_beta, gap_wrong_beta = run_dpo(ABLATION_BETA_FACTOR * BETA)
sweep_gap = [total_variation(run_dpo(f * BETA)[0], pi_rlhf) for f in SWEEP_FACTORS]

policies = {
    "reference": pi_ref,
    "RLHF (reward model + exact optimum)": pi_rlhf,
    "DPO": pi_dpo,
    "DPO without reference (ablation)": pi_noref,
    f"DPO with beta x {ABLATION_BETA_FACTOR:g} (ablation)": pi_wrong_beta,
    "oracle (true reward + exact optimum)": pi_oracle,
}
for name, pi in policies.items():
    print(
        f"{name:38s} true reward {pi @ true_reward:6.3f}   KL to reference {kl(pi, pi_ref):.3f}"
        f"   distance to RLHF {total_variation(pi, pi_rlhf):.4f}"
    )

# %% [markdown]
# ## Figure
#
# Left: the policies, responses sorted by true reward (best on the right). Middle: distance from
# the RLHF policy during DPO's gradient descent, for DPO and its ablations. Right: final distance
# for DPO run with other values of `beta`; it drops to (nearly) zero only at the RLHF objective's
# `beta`. DPO's distance levels off around 0.0001 or below, not at 0: the reward model carries the
# tiny weight penalty `RIDGE` and DPO does not, so the two solve very slightly different problems.

# %%
order = np.argsort(true_reward)
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
ax = axes[0]
x = np.arange(N_RESPONSES)
shown = [
    "reference",
    "RLHF (reward model + exact optimum)",
    "DPO",
    "DPO without reference (ablation)",
]
for i, name in enumerate(shown):
    ax.bar(x + (i - 1.5) * 0.2, policies[name][order], width=0.2, label=name)
ax.set_xticks(x, [f"{v:.1f}" for v in true_reward[order]], fontsize=7)
ax.set_xlabel("response, labelled by its true reward")
ax.set_ylabel("probability")
ax.legend(fontsize=7)
ax.set_title("policies on the same preference data")

ax = axes[1]
steps = np.arange(1, DPO_STEPS + 1)
ax.plot(steps, gap_dpo, label="DPO")
ax.plot(steps, gap_noref, label="DPO without reference (ablation)")
ax.plot(steps, gap_wrong_beta, label=f"DPO with beta x {ABLATION_BETA_FACTOR:g} (ablation)")
ax.set_yscale("log")
ax.set_xlabel("gradient descent step")
ax.set_ylabel("total variation distance to RLHF policy")
ax.legend(fontsize=8)
ax.set_title("DPO's training run, measured against RLHF")

ax = axes[2]
ax.plot(SWEEP_FACTORS, sweep_gap, "o-")
ax.axvline(1.0, color="grey", lw=0.8)
ax.set_xscale("log", base=2)
ax.set_yscale("log")
ax.set_xlabel("DPO's beta / RLHF's beta")
ax.set_ylabel("total variation distance to RLHF policy")
ax.set_title("the match needs the same beta")
fig.tight_layout()

# %% [markdown]
# ## Reading the numbers
#
# The DPO and RLHF policies agree because DPO fits the same Bradley-Terry model as the reward
# model, only with the reward written as `beta * log(pi / pi_ref)`; the optimum of the RLHF
# objective is exactly the policy whose implicit reward is the fitted one. The oracle row shows
# what the same objective would give with the true reward: the gap between it and RLHF or DPO
# comes from the 2000 noisy labels, and it is shared by both methods, so here choosing DPO over
# RLHF neither adds nor removes it. Without the reference term, DPO's implicit reward is
# `beta * log pi`, and its optimum is `exp(r_hat / beta) / Z`: the same scores, but without the
# anchor to the reference, so responses the reference rarely gives get more weight than under
# RLHF. With a different `beta`, DPO solves the RLHF problem for that other `beta`. The
# equivalence is about optima; with a language model, neither method is sure to reach its
# optimum, and the two can behave differently in practice (for example when some answer in the
# data never loses, the best implicit reward is infinite, whatever `beta` is).

# %%
print(f"beta={BETA:.3f}")
print(f"min_comparisons_per_response={(wins + losses).min():.0f}")
print(f"tv_dpo_rlhf={total_variation(pi_dpo, pi_rlhf):.3f}")
print(f"kl_dpo_rlhf={kl(pi_dpo, pi_rlhf):.3f}")
print(f"true_reward_reference={pi_ref @ true_reward:.3f}")
print(f"true_reward_rlhf={pi_rlhf @ true_reward:.3f}")
print(f"true_reward_dpo={pi_dpo @ true_reward:.3f}")
print(f"true_reward_oracle={pi_oracle @ true_reward:.3f}")
print(f"kl_rlhf_to_reference={kl(pi_rlhf, pi_ref):.3f}")
print(f"tv_rlhf_oracle={total_variation(pi_rlhf, pi_oracle):.3f}")
# The same distance unrounded, to show how small it is.
print(f"tv_dpo_rlhf_raw={total_variation(pi_dpo, pi_rlhf):.3e}")
print(f"ablation_noref_tv_rlhf={total_variation(pi_noref, pi_rlhf):.3f}")
print(f"ablation_noref_true_reward={pi_noref @ true_reward:.3f}")
print(f"ablation_noref_kl_to_reference={kl(pi_noref, pi_ref):.3f}")
print(f"ablation_beta_tv_rlhf={total_variation(pi_wrong_beta, pi_rlhf):.3f}")
print(f"ablation_beta_true_reward={pi_wrong_beta @ true_reward:.3f}")
