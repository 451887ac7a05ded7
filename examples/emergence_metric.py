# %% [markdown]
# # "Emergence" made by the metric: exact match over many tokens
#
# **Concepts shown:** emergent abilities, the choice of evaluation metric, per-token accuracy
# versus exact match, scale.
#
# Wei et al. (2022), [*Emergent abilities of large language
# models*](https://arxiv.org/abs/2206.07682), collected tasks on which small models score
# near zero and larger ones suddenly do well, with no hint of the jump at small scale.
# Schaeffer et al. (2023), [*Are emergent abilities of large language models a
# mirage?*](https://arxiv.org/abs/2304.15004), argued that many such jumps come from the
# metric: if each token of an answer gets steadily more likely to be right as models grow, a
# score that gives credit only when *every* token is right (exact match) stays near zero and
# then shoots up, while a score that gives partial credit rises smoothly.
#
# This demo **illustrates that argument**; it does not test it on real language models, and
# it does not show that no ability is ever truly emergent. The models are deliberately simple
# so that every number can be checked: each is trained, by counting, on a stream of noisy
# examples of 1000 "facts" (a key and its 10-token answer; each token in an example is
# replaced by a random one half of the time; keys come up with Zipf-like frequencies, a few
# often and most rarely). A model answers each key and position with the token it saw most
# often (a guess if it never saw the key). The **scale** axis is how many examples a model
# was trained on, from 10 to 300,000; per-token accuracy is measured, not assumed.
#
# Two kinds of test question, both scored on the same models:
#
# * **independent facts** (the main run): a 10-token answer whose tokens come from 10
#   different keys, so each token is a separate chance to fail, like the digits of an
#   arithmetic answer that each need their own step;
# * **one shared fact** (the ablation): a 10-token answer that is the full answer of a single
#   key. The metric is the same all-or-nothing exact match over 10 tokens; what is switched
#   off is the compounding of independent failures, which is the mechanism behind the
#   apparent jump.
#
# Sharpness is measured as the **transition width**: how many factors of ten in scale it
# takes a metric to climb from 20% to 80%.
#
# **What you'll see:** per-token accuracy climbs steadily over more than two factors of ten
# in training data. Exact match on independent-fact answers sits near zero while per-token
# accuracy is already at 50%, then climbs over a much narrower range, the shape that gets
# called emergent. On a logarithmic axis the same exact-match curve rises smoothly from
# 1 in 10,000 upwards: nothing discontinuous happened. When the 10 tokens rest on one shared
# fact, exact match tracks per-token accuracy and the jump is gone. Printed for reference: the
# widths for answers of 1, 2, 5 and 10 independent tokens (at 1 token exact match *is*
# per-token accuracy, so that case says nothing by itself).
#
# **Claim:** per-token accuracy takes more than 1.5 factors of ten in scale to climb from 20%
# to 80%, while exact match on 10-token answers built from independent facts takes less than
# half as many, and is below 5% at the smallest scale where per-token accuracy reaches 50%.
# Ablation on the same models, with the 10 tokens resting on one shared fact: exact match's
# transition width is more than 0.65 times per-token accuracy's, and it is above 10% at the
# smallest scale where per-token accuracy reaches 50%.

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the facts, the training stream and tests
N_KEYS = 1000  # number of facts (keys)
ANSWER_TOKENS = 10  # tokens per answer (L)
VOCAB = 10  # possible values of each token; chance per token is 1/VOCAB
ZIPF_EXPONENT = 1.0  # key k comes up with frequency proportional to k^(-1)
TOKEN_NOISE = 0.5  # chance that a token in a training example is replaced by a random one
SCALES = np.unique(np.round(np.geomspace(10, 300_000, 17)).astype(int))  # training examples
N_TEST = 4000  # test questions of each kind
SWEEP_LENGTHS = (1, 2, 5, 10)  # answer lengths shown in the printed sweep
LOW, HIGH = 0.2, 0.8  # the transition width is measured between these two levels

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## The facts, the training stream and the test questions

# %%
frequency = np.arange(1, N_KEYS + 1, dtype=float) ** -ZIPF_EXPONENT
frequency /= frequency.sum()
answers = rng.integers(0, VOCAB, size=(N_KEYS, ANSWER_TOKENS))  # the true answer of every key

n_stream = SCALES.max()
stream_keys = rng.choice(N_KEYS, size=n_stream, p=frequency)
noisy = rng.random((n_stream, ANSWER_TOKENS)) < TOKEN_NOISE
stream_tokens = np.where(
    noisy, rng.integers(0, VOCAB, size=(n_stream, ANSWER_TOKENS)), answers[stream_keys]
)
# One index per (key, position, token value), for counting with bincount.
cell = (stream_keys[:, None] * ANSWER_TOKENS + np.arange(ANSWER_TOKENS)) * VOCAB + stream_tokens

independent_keys = rng.choice(N_KEYS, size=(N_TEST, ANSWER_TOKENS), p=frequency)  # main
shared_keys = rng.choice(N_KEYS, size=N_TEST, p=frequency)  # ablation
never_seen_guess = rng.integers(0, VOCAB, size=(N_KEYS, ANSWER_TOKENS))

# %% [markdown]
# ## Train a model at every scale and score it
#
# The model trained on the first `D` examples is the table of counts of those examples; the
# models are nested (each sees the previous one's examples plus more), as a single training run
# checkpointed along the way would be. For each model we record which (key, position) pairs it
# answers correctly, then score both kinds of question.

# %%
counts = np.zeros(N_KEYS * ANSWER_TOKENS * VOCAB, dtype=np.int64)
metrics = {
    name: []
    for name in ("token_acc", "exact", "shared_token_acc", "shared_exact")
    + tuple(f"exact_{length}" for length in SWEEP_LENGTHS)
}
done = 0
for scale in SCALES:
    counts += np.bincount(cell[done:scale].ravel(), minlength=counts.size)
    done = scale
    table = counts.reshape(N_KEYS, ANSWER_TOKENS, VOCAB)
    prediction = np.where(table.sum(axis=2) > 0, table.argmax(axis=2), never_seen_guess)
    right = prediction == answers  # (keys, positions)
    independent = right[independent_keys, np.arange(ANSWER_TOKENS)]  # (questions, tokens)
    shared = right[shared_keys]
    metrics["token_acc"].append(independent.mean())
    metrics["exact"].append(independent.all(axis=1).mean())
    metrics["shared_token_acc"].append(shared.mean())
    metrics["shared_exact"].append(shared.all(axis=1).mean())
    for length in SWEEP_LENGTHS:
        metrics[f"exact_{length}"].append(independent[:, :length].all(axis=1).mean())
metrics = {name: np.array(values) for name, values in metrics.items()}


def crossing(values, level):
    """Scale (log10) at which a rising curve first reaches level, interpolated in log scale."""
    x = np.log10(SCALES)
    i = int(np.nonzero(values >= level)[0][0])
    if i == 0:
        return float(x[0])
    return float(
        x[i - 1] + (level - values[i - 1]) / (values[i] - values[i - 1]) * (x[i] - x[i - 1])
    )


def width(values):
    """Factors of ten in scale it takes to climb from LOW to HIGH."""
    return crossing(values, HIGH) - crossing(values, LOW)


half_token = int(np.nonzero(metrics["token_acc"] >= 0.5)[0][0])  # first scale at 50% per token
half_shared = int(np.nonzero(metrics["shared_token_acc"] >= 0.5)[0][0])
for i, scale in enumerate(SCALES):
    print(
        f"D={scale:7d}  per-token {metrics['token_acc'][i]:.3f}  exact match"
        f" {metrics['exact'][i]:.4f}  | shared fact: per-token {metrics['shared_token_acc'][i]:.3f}"
        f"  exact match {metrics['shared_exact'][i]:.4f}"
    )

# %% [markdown]
# ## Figure
#
# Left: the two metrics on the same models, linear vertical axis, the way emergence plots are
# usually drawn. Middle: exact match on a logarithmic axis, for answers of 1, 2, 5 and 10
# independent tokens; the curves rise smoothly, each one later and (on a linear axis) more
# steeply than the last. Right: the ablation, where the 10 tokens rest on one shared fact.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
ax = axes[0]
ax.plot(SCALES, metrics["token_acc"], "o-", label="per-token accuracy")
ax.plot(SCALES, metrics["exact"], "s-", label=f"exact match, {ANSWER_TOKENS} independent tokens")
ax.axhline(1 / VOCAB, color="gray", ls=":", label="chance per token")
ax.set_title("same models, two metrics")
ax = axes[1]
for length in SWEEP_LENGTHS:
    ax.plot(SCALES, np.maximum(metrics[f"exact_{length}"], 1e-5), "o-", ms=3, label=f"L = {length}")
ax.set_yscale("log")
ax.set_ylim(1e-4, 1.5)
ax.set_title("exact match on a log axis (0 drawn at 1e-5)")
ax = axes[2]
ax.plot(SCALES, metrics["shared_token_acc"], "o-", label="per-token accuracy")
ax.plot(SCALES, metrics["shared_exact"], "s-", label="exact match, 10 tokens of one fact")
ax.set_title("ablation: the tokens share one fact")
for ax in axes:
    ax.set_xscale("log")
    ax.set_xlabel("scale: training examples seen")
    ax.set_ylabel("score")
    ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# Widths are in factors of ten of training data. `width_ratio` divides exact match's width by
# per-token accuracy's on the same questions; the sweep's `sweep_width_L1` is per-token
# accuracy on one token by definition, printed only for comparison.

# %%
token_width, exact_width = width(metrics["token_acc"]), width(metrics["exact"])
shared_token_width, shared_width = (
    width(metrics["shared_token_acc"]),
    width(metrics["shared_exact"]),
)
print(f"answer_tokens={ANSWER_TOKENS}")
print(f"token_width={token_width:.3f}")
print(f"exact_width={exact_width:.3f}")
print(f"width_ratio={exact_width / token_width:.3f}")
print(f"scale_at_half_token_acc={SCALES[half_token]}")
print(f"exact_at_half_token_acc={metrics['exact'][half_token]:.3f}")
print(f"final_token_acc={metrics['token_acc'][-1]:.3f}")
print(f"final_exact={metrics['exact'][-1]:.3f}")
for length in SWEEP_LENGTHS:
    print(f"sweep_width_L{length}={width(metrics[f'exact_{length}']):.3f}")
print(f"ablation_token_width={shared_token_width:.3f}")
print(f"ablation_exact_width={shared_width:.3f}")
print(f"ablation_width_ratio={shared_width / shared_token_width:.3f}")
print(f"ablation_exact_at_half_token_acc={metrics['shared_exact'][half_shared]:.3f}")
print(f"ablation_final_exact={metrics['shared_exact'][-1]:.3f}")
