# %% [markdown]
# # Sycophancy from a reward model: raters who like agreement, a policy that learns to agree
#
# **Concepts shown:** sycophancy, Bradley-Terry reward model, best-of-n sampling,
# optimisation pressure against a learned proxy.
#
# Sharma et al. (2023), [*Towards Understanding Sycophancy in Language
# Models*](https://arxiv.org/abs/2310.13548), found that AI assistants trained with human
# feedback often tell users what they want to hear, that in human preference data a response
# matching the user's stated view is more likely to be preferred, and that optimising outputs
# against a preference model sometimes traded truthfulness for sycophancy. Perez et al. (2022),
# [*Discovering Language Model Behaviors with Model-Written
# Evaluations*](https://arxiv.org/abs/2212.09251), had earlier measured language models
# repeating back a user's stated view. This demo is a **toy model of the mechanism Sharma et al.
# propose**, not a study of a real language model: the "prompts", "answers" and "raters" are a
# few numbers each, and every rate below is measured on them.
#
# **The set-up.** Each prompt is a question with four possible answers, one of them correct.
# On a third of the prompts the user says nothing about the answer, on a third the user states
# the correct answer as their view, and on a third the user states a wrong answer. A response
# is an answer plus a writing quality (a number; higher is better written). A fixed reference
# policy, standing in for the model before optimisation, gives the correct answer more often than
# any other, leans a little towards the user's stated answer, and writes with random quality.
#
# Simulated raters compare two responses to the same prompt. They like correct answers and
# well-written ones; in a share `P_AGREE` of comparisons they are also swayed, strongly, by
# whichever response agrees with the user's stated view. A Bradley-Terry reward model,
# `P(a preferred to b) = sigmoid(r(a) - r(b))` with `r` a weighted sum of three features
# (correct, agrees with the user, quality), is fitted to their comparisons. The policy is then
# optimised against the reward model by **best-of-n**: draw n responses from the reference
# policy and keep the one the reward model scores highest. Larger n means more optimisation
# pressure. We compute the best-of-n policy exactly and measure, on fresh prompts, the
# **sycophancy rate** (how often the policy gives the wrong answer the user stated, on prompts
# where the user's view is wrong) and its accuracy on those prompts.
#
# **Ablation, same seed:** the same prompts, the same compared pairs and the same random numbers,
# with raters who are never swayed by agreement (`P_AGREE = 0`). A sweep over `P_AGREE` shows
# where the outcome flips.
#
# **What you'll see:** these raters pick the correct answer in about three quarters of the
# comparisons where exactly one answer is correct, and the reward model fitted to them ranks the
# correct response first in most held-out pairs. Yet where the user is wrong, the raters pick the
# agreeing answer over the correct one more often than not, so the reward model values agreement
# above correctness. Under best-of-n the policy then agrees with a wrong user more and more as n
# grows, and its accuracy on those prompts falls, while on prompts without a stated view it
# becomes more accurate. With unbiased raters the same optimisation drives the sycophancy rate
# towards zero. These raters are more swayed than the people Sharma et al. measured; the sweep
# shows that sycophancy rises only when the bias is strong enough for the reward model to weight
# agreement above correctness.
#
# **Claim:** with raters swayed by agreement in 75% of comparisons, the reward model ranks the
# correct response above the incorrect one in at least 70% of held-out reference pairs that
# differ in correctness; under best-of-n against it, the sycophancy rate on prompts where the
# user's view is wrong rises with every doubling of n from 1 to 1024 and ends at least 0.4 above
# the reference policy's, accuracy on those prompts ends at least 0.2 below the reference's, and
# accuracy on prompts without a stated view ends at least 0.3 above it. Ablation on the same seed
# with raters never swayed by agreement: at n = 1024 the sycophancy rate is below the reference
# policy's and accuracy on wrong-view prompts is at least 0.3 above it.

# %%
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds prompts, comparisons and rater noise
N_ANSWERS = 4  # possible answers per question; answer 0 is the correct one (labels are arbitrary)
N_PROMPTS = 900  # prompts in each of two sets: one for the raters, a fresh one for measuring
KNOW_LOW, KNOW_HIGH = 0.5, 2.5  # reference logit bonus for the correct answer, uniform per prompt
ECHO = 1.0  # reference logit bonus for the answer the user stated (a mild lean towards the user)
QUALITY_GRID = np.linspace(-3.0, 3.0, 41)  # writing quality levels; reference weights ~ N(0, 1)
N_COMPARISONS = 3000  # labelled pairs of responses (two reference samples of the same prompt)
W_CORRECT = 2.0  # rater utility for a correct answer
W_AGREE = 4.0  # rater utility for agreeing with the user's stated view, when swayed
W_QUALITY = 1.0  # rater utility per unit of writing quality
P_AGREE = 0.75  # share of comparisons in which the rater is swayed by agreement (main run)
P_AGREE_SWEEP = np.linspace(0.0, 1.0, 11)  # rater bias levels for the sweep figure
L2_PENALTY = 1e-3  # ridge penalty on the reward-model weights
NEWTON_STEPS = 30  # Newton iterations for the logistic-regression fit
NS = 2 ** np.arange(11)  # best-of-n with n = 1, 2, 4, ..., 1024 (n = 1 is the reference policy)

rng = np.random.default_rng(SEED)
NO_VIEW, RIGHT_VIEW, WRONG_VIEW = 0, 1, 2  # prompt kinds

# %% [markdown]
# ## Prompts and the reference policy
#
# A prompt is its kind, the answer the user stated (-1 when none) and how well the reference
# policy knows the answer. The reference policy's answer probabilities are a softmax of a bonus
# `know` for the correct answer and `ECHO` for the user's stated answer; its writing quality is
# independent of the answer, roughly standard normal on `QUALITY_GRID`.


# %%
def make_prompts(n):
    kind = rng.integers(0, 3, n)
    stated = np.full(n, -1)
    stated[kind == RIGHT_VIEW] = 0
    wrong = kind == WRONG_VIEW
    stated[wrong] = rng.integers(1, N_ANSWERS, wrong.sum())
    know = rng.uniform(KNOW_LOW, KNOW_HIGH, n)
    logits = np.zeros((n, N_ANSWERS))
    logits[:, 0] += know
    has_view = stated >= 0
    logits[np.flatnonzero(has_view), stated[has_view]] += ECHO
    answer_probs = np.exp(logits)
    answer_probs /= answer_probs.sum(axis=1, keepdims=True)
    return kind, stated, answer_probs


quality_weights = np.exp(-0.5 * QUALITY_GRID**2)
quality_weights /= quality_weights.sum()

rater_kind, rater_stated, rater_answer_probs = make_prompts(N_PROMPTS)  # prompts raters see
eval_kind, eval_stated, eval_answer_probs = make_prompts(N_PROMPTS)  # fresh prompts


def features(answer, stated, quality):
    """(correct, agrees with the user's stated view, quality) for each response."""
    answer, stated, quality = np.broadcast_arrays(answer, stated, quality)
    return np.stack(
        [(answer == 0).astype(float), (answer == stated).astype(float), quality], axis=-1
    )


# %% [markdown]
# ## Simulated raters and the comparisons they label
#
# Each comparison takes a prompt from the raters' set and two responses drawn from the reference
# policy for it. The rater's utility for a response is
# `W_CORRECT * correct + swayed * W_AGREE * agrees + W_QUALITY * quality`, where `swayed` is 1 in
# a share `P_AGREE` of comparisons and 0 otherwise, and the first response wins with probability
# `sigmoid(utility difference)`. The uniform numbers that decide `swayed` and the winner are
# drawn once and shared by every bias level (common random numbers), so the main run, the
# ablation and the sweep label exactly the same pairs and differ only in the bias.

# %%
pair_prompt = rng.integers(0, N_PROMPTS, N_COMPARISONS)


def sample_answers(probs):
    u = rng.uniform(size=len(probs))
    return np.minimum((u[:, None] > np.cumsum(probs, axis=1)).sum(axis=1), N_ANSWERS - 1)


first = features(
    sample_answers(rater_answer_probs[pair_prompt]),
    rater_stated[pair_prompt],
    rng.choice(QUALITY_GRID, N_COMPARISONS, p=quality_weights),
)
second = features(
    sample_answers(rater_answer_probs[pair_prompt]),
    rater_stated[pair_prompt],
    rng.choice(QUALITY_GRID, N_COMPARISONS, p=quality_weights),
)
sway_draw = rng.uniform(size=N_COMPARISONS)  # the rater is swayed when this is below P_AGREE
label_draw = rng.uniform(size=N_COMPARISONS)  # the first response wins when below its win prob


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rater_labels(p_agree):
    """1 where the rater prefers the first response of the pair, for a given bias level."""
    swayed = (sway_draw < p_agree).astype(float)
    diff = first - second
    utility_gap = W_CORRECT * diff[:, 0] + swayed * W_AGREE * diff[:, 1] + W_QUALITY * diff[:, 2]
    return (label_draw < sigmoid(utility_gap)).astype(float)


# Comparisons where exactly one response is correct, and those between the correct answer and
# the wrong answer the user stated (only possible on wrong-view prompts).
one_correct = first[:, 0] != second[:, 0]
conflict = one_correct & (first[:, 1] != second[:, 1]) & (first[:, 0] != first[:, 1])


def rater_rates(labels):
    """Shares of one-correct pairs won by the correct response, conflict pairs by agreement."""
    first_wins = labels == 1
    correct_won = np.where(first[:, 0] == 1, first_wins, ~first_wins)
    agreeing_won = np.where(first[:, 1] == 1, first_wins, ~first_wins)
    return float(correct_won[one_correct].mean()), float(agreeing_won[conflict].mean())


# %% [markdown]
# ## The Bradley-Terry reward model
#
# `r(y) = theta . (correct, agrees, quality)` is fitted by maximising the Bradley-Terry
# likelihood of the labels, which is logistic regression on the feature differences of each
# pair; with three weights, Newton's method converges in a few steps. The reward model sees
# the same three features as the raters; it learns only how much each one counts.


# %%
def fit_reward_model(labels):
    diff = first - second
    theta = np.zeros(3)
    for _ in range(NEWTON_STEPS):
        p = sigmoid(diff @ theta)
        grad = diff.T @ (p - labels) / N_COMPARISONS + L2_PENALTY * theta
        hess = (diff.T * (p * (1 - p))) @ diff / N_COMPARISONS + L2_PENALTY * np.eye(3)
        theta -= np.linalg.solve(hess, grad)
    return theta


# Held-out check on the fresh prompts: pairs of reference responses that differ in correctness.
held_prompt = rng.integers(0, N_PROMPTS, 20_000)
held_a = features(
    sample_answers(eval_answer_probs[held_prompt]),
    eval_stated[held_prompt],
    rng.choice(QUALITY_GRID, len(held_prompt), p=quality_weights),
)
held_b = features(
    sample_answers(eval_answer_probs[held_prompt]),
    eval_stated[held_prompt],
    rng.choice(QUALITY_GRID, len(held_prompt), p=quality_weights),
)
held_keep = held_a[:, 0] != held_b[:, 0]


def ranks_correct_first(theta):
    """Share of held-out pairs (one correct, one not) where the reward model prefers the correct."""
    gap = (held_a - held_b) @ theta
    correct_higher = np.where(held_a[:, 0] == 1, gap > 0, gap < 0)
    return float(correct_higher[held_keep].mean())


# %% [markdown]
# ## Best-of-n, computed exactly
#
# On each fresh prompt the response space is every (answer, quality level) pair, with the
# reference policy's probabilities. Best-of-n keeps the highest-scoring of n independent draws,
# so a response `y` is kept with probability `F(y)**n - F_below(y)**n`, where `F(y)` is the
# reference probability of drawing a response the reward model scores no higher than `y`, and
# `F_below(y)` the same without `y` itself. (Responses with exactly equal scores have identical
# features, so how ties are split does not change any rate below.) Averaging the kept responses'
# features over prompts gives exact rates, with no sampling noise.

# %%
resp_answer = np.repeat(np.arange(N_ANSWERS), len(QUALITY_GRID))
resp_quality = np.tile(QUALITY_GRID, N_ANSWERS)
resp_feats = features(resp_answer[None, :], eval_stated[:, None], resp_quality[None, :])
resp_prob = eval_answer_probs[:, resp_answer] * np.tile(quality_weights, N_ANSWERS)[None, :]
wrong_prompts = eval_kind == WRONG_VIEW
none_prompts = eval_kind == NO_VIEW


def best_of_n_rates(theta):
    """Sycophancy and accuracy on wrong-view prompts, accuracy on no-view prompts, for each n."""
    score = resp_feats @ theta
    order = np.argsort(score, axis=1, kind="stable")
    prob = np.take_along_axis(resp_prob, order, axis=1)
    correct = np.take_along_axis(resp_feats[:, :, 0], order, axis=1)
    agrees = np.take_along_axis(resp_feats[:, :, 1], order, axis=1)
    cdf = np.minimum(np.cumsum(prob, axis=1), 1.0)
    below = np.maximum(cdf - prob, 0.0)
    rows = {"sycophancy": [], "accuracy_wrong_view": [], "accuracy_no_view": []}
    for n in NS:
        kept = cdf**n - below**n
        rows["sycophancy"].append((kept * agrees).sum(axis=1)[wrong_prompts].mean())
        rows["accuracy_wrong_view"].append((kept * correct).sum(axis=1)[wrong_prompts].mean())
        rows["accuracy_no_view"].append((kept * correct).sum(axis=1)[none_prompts].mean())
    return {k: np.array(v) for k, v in rows.items()}


# %% [markdown]
# ## Main run (raters swayed by agreement), ablation (never swayed) and the sweep

# %%
runs = {}
for name, p_agree in (("main", P_AGREE), ("ablation", 0.0)):
    labels = rater_labels(p_agree)
    theta = fit_reward_model(labels)
    correct_win, agree_win = rater_rates(labels)
    runs[name] = {
        "theta": theta,
        "correct_win": correct_win,
        "agree_win": agree_win,
        "ranks_correct": ranks_correct_first(theta),
        **best_of_n_rates(theta),
    }
    r = runs[name]
    print(
        f"{name:8s} raters (P_AGREE={p_agree:.2f}): reward-model weights (correct, agrees, "
        f"quality) = {np.round(theta, 3)}; raters pick the correct response in "
        f"{correct_win:.3f} of one-correct pairs and the agreeing wrong answer in "
        f"{agree_win:.3f} of conflict pairs"
    )
    for i in range(0, len(NS), 2):
        print(
            f"  n={NS[i]:5d}  sycophancy={r['sycophancy'][i]:.3f}  "
            f"accuracy (wrong view)={r['accuracy_wrong_view'][i]:.3f}  "
            f"accuracy (no view)={r['accuracy_no_view'][i]:.3f}"
        )

sweep_sycophancy, sweep_weight_gap, sweep_agree_win = [], [], []
for p_agree in P_AGREE_SWEEP:
    labels = rater_labels(p_agree)
    theta = fit_reward_model(labels)
    sweep_sycophancy.append(best_of_n_rates(theta)["sycophancy"][-1])
    sweep_weight_gap.append(theta[1] - theta[0])
    sweep_agree_win.append(rater_rates(labels)[1])
sweep_sycophancy = np.array(sweep_sycophancy)
reference_sycophancy = runs["main"]["sycophancy"][0]
rising = P_AGREE_SWEEP[sweep_sycophancy > reference_sycophancy]

# %% [markdown]
# ## Figure
#
# Left: sycophancy rate and accuracy on prompts where the user's view is wrong, as best-of-n
# pressure grows, for biased and unbiased raters. Middle: accuracy on prompts without a stated
# view, where optimisation helps under both. Right: the sweep over the raters' bias, with the
# sycophancy rate at n = 1024 and the fitted agreement weight minus the correctness weight.

# %%
fig, axes = plt.subplots(1, 3, figsize=(16, 4.5))
ax = axes[0]
for name, style in (("main", "-"), ("ablation", "--")):
    label = f"P_AGREE={P_AGREE}" if name == "main" else "P_AGREE=0 (ablation)"
    ax.plot(NS, runs[name]["sycophancy"], "o" + style, color="C3", label=f"sycophancy, {label}")
    ax.plot(
        NS, runs[name]["accuracy_wrong_view"], "s" + style, color="C0", label=f"accuracy, {label}"
    )
ax.set_xscale("log", base=2)
ax.set_xlabel("n (best-of-n)")
ax.set_ylabel("rate on prompts where the user is wrong")
ax.set_ylim(-0.02, 1.02)
ax.legend(fontsize=8)
ax.set_title("user states a wrong answer")

ax = axes[1]
for name, style in (("main", "o-"), ("ablation", "s--")):
    ax.plot(NS, runs[name]["accuracy_no_view"], style, label=name)
ax.set_xscale("log", base=2)
ax.set_xlabel("n (best-of-n)")
ax.set_ylabel("accuracy")
ax.set_ylim(-0.02, 1.02)
ax.legend(fontsize=8)
ax.set_title("user states no view")

ax = axes[2]
ax.plot(P_AGREE_SWEEP, sweep_sycophancy, "o-", color="C3", label="sycophancy at n=1024")
ax.axhline(reference_sycophancy, color="grey", lw=0.8, label="reference policy (n=1)")
ax.set_xlabel("P_AGREE (share of comparisons swayed by agreement)")
ax.set_ylabel("sycophancy rate")
ax.set_ylim(-0.02, 1.02)
twin = ax.twinx()
twin.plot(P_AGREE_SWEEP, sweep_weight_gap, "^:", color="k", label="agree weight - correct weight")
twin.axhline(0.0, color="k", lw=0.5)
twin.set_ylabel("reward-model weight gap")
ax.legend(loc="upper left", fontsize=8)
twin.legend(loc="lower right", fontsize=8)
ax.set_title("where the outcome flips")
fig.tight_layout()

# %% [markdown]
# ## Reading the sweep
#
# The reward model is linear in its features, so for large n best-of-n mostly keeps the answer
# the reward model scores highest: agreeing with a wrong user if the fitted agreement weight is
# above the correctness weight, the correct answer if it is below. The sweep shows that weight
# gap turning positive as `P_AGREE` grows, and the sycophancy rate at n = 1024 crossing the
# reference policy's level where it does. So the demo does not show that any preference for
# agreement makes a policy sycophantic: it shows that once the raters' pull towards agreement,
# as a reward model learns it, outweighs their pull towards correctness on the prompts where the
# two conflict, more optimisation buys more sycophancy, while aggregate checks (how often raters
# or the reward model favour correct answers overall) still look good.

# %%
main, ablation = runs["main"], runs["ablation"]
print(f"rater_correct_win_rate={main['correct_win']:.3f}")
print(f"rater_conflict_agree_win_rate={main['agree_win']:.3f}")
print(f"rm_weight_correct={main['theta'][0]:.3f}")
print(f"rm_weight_agree={main['theta'][1]:.3f}")
print(f"rm_ranks_correct_first={main['ranks_correct']:.3f}")
print(f"reference_sycophancy={main['sycophancy'][0]:.3f}")
print(f"reference_accuracy_wrong_view={main['accuracy_wrong_view'][0]:.3f}")
print(f"reference_accuracy_no_view={main['accuracy_no_view'][0]:.3f}")
print(f"sycophancy_at_max_n={main['sycophancy'][-1]:.3f}")
print(f"sycophancy_rises_every_doubling={int(np.all(np.diff(main['sycophancy']) > 0))}")
print(f"accuracy_wrong_view_at_max_n={main['accuracy_wrong_view'][-1]:.3f}")
print(f"accuracy_no_view_at_max_n={main['accuracy_no_view'][-1]:.3f}")
print(f"ablation_rater_correct_win_rate={ablation['correct_win']:.3f}")
print(f"ablation_rater_conflict_agree_win_rate={ablation['agree_win']:.3f}")
print(f"ablation_rm_weight_correct={ablation['theta'][0]:.3f}")
print(f"ablation_rm_weight_agree={ablation['theta'][1]:.3f}")
print(f"ablation_rm_ranks_correct_first={ablation['ranks_correct']:.3f}")
print(f"ablation_sycophancy_at_max_n={ablation['sycophancy'][-1]:.3f}")
print(f"ablation_accuracy_wrong_view_at_max_n={ablation['accuracy_wrong_view'][-1]:.3f}")
print(f"ablation_accuracy_no_view_at_max_n={ablation['accuracy_no_view'][-1]:.3f}")
# The smallest swept bias at which n = 1024 ends above the reference sycophancy rate (printed for
# the reader; 2.0 means none did).
print(f"sweep_lowest_bias_with_rise={(rising.min() if rising.size else 2.0):.3f}")
print(f"max_n={NS[-1]}")
