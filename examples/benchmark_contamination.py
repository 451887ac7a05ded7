# %% [markdown]
# # Benchmark contamination: a score inflated by leaked test questions
#
# **Concepts shown:** benchmark contamination (data contamination, test-set leakage), the gap
# between a public benchmark and a fresh one built to be equally hard, memorisation versus
# generalisation.
#
# A benchmark is only a fair test of skill if the model has not seen its questions, with their
# answers, during training. Public benchmarks end up on the web and web text ends up in training
# data, so that cannot be taken for granted. Zhang et al. (2024),
# [*A Careful Examination of Large Language Model Performance on Grade School
# Arithmetic*](https://arxiv.org/abs/2405.00332), checked it with a control: they commissioned
# GSM1k, a new set of grade-school maths problems matched to the public GSM8k benchmark in
# difficulty, and compared each model's scores on the two. A model that really has the skill
# scores about the same on both; a model that has partly memorised the public questions scores
# higher on them.
# This demo builds that control in miniature and lets us set the amount of leakage ourselves.
#
# **The set-up.** A "question" is a point of 8 numbers and its answer is one of 4 labels, given
# by a fixed hidden rule (a small random neural network). For a tenth of the questions the answer
# key is instead drawn at random, so nobody can work it out from the question. Two benchmarks of
# 1,000 questions each are drawn from the same distribution: the **public** one, which may leak,
# and a **fresh** one, which never does, so they are equally hard. The model learns from 3,000
# training questions. To contaminate it, we put a share of the public benchmark's questions, with
# their answer keys, into its training data in place of as many fresh training questions, so the
# model never gets more data, only different data.
#
# **The model** answers a question by a vote of its training questions, each weighted by how
# similar it is to the question asked (a Gaussian-kernel, soft nearest-neighbour vote). Similar
# questions tend to have the same answer, so it partly generalises. A question it was trained on
# is its own most similar neighbour, so it can also partly recall memorised answers: that
# capacity is built into this learner, which is what makes it a useful stand-in. What the run
# measures is how far recall moves the score, and whether the fresh benchmark exposes it. The
# width of the similarity is chosen for the best accuracy on fresh validation questions, using
# training data with no benchmark questions in it; the model is tuned to generalise, not to
# memorise. It is not a language model.
#
# **Ablation, same run and seed:** the same benchmarks, the same fresh training questions and the
# same model with no benchmark questions in its training data (0% leaked). Everything is repeated
# on 8 independent benchmark pairs and training sets, which are pooled, and every gap comes with
# a 99% confidence interval (normal approximation for a difference of two proportions).
#
# **What you'll see:** with no leakage, the two benchmarks give the same score within noise.
# As more of the public benchmark leaks, the public score climbs while the fresh score, the
# model's real skill, stays put. The leaked questions with random answer keys give the game away:
# the model gets many more of them right than chance, which no amount of skill could explain.
#
# **Claim:** the public-minus-fresh score gap grows with every step of leakage from 0% to 25%,
# 50% and 100% of the public benchmark, and with 100% leaked its 99% confidence interval lies
# entirely above 5 points. Ablation on the same seed, benchmarks and fresh training questions,
# with nothing leaked: the 99% confidence interval of the gap contains zero, and its upper end is
# below the gap measured with 50% leaked.
#
# Sources: H. Zhang et al., [A Careful Examination of Large Language Model Performance on Grade
# School Arithmetic](https://arxiv.org/abs/2405.00332), 2024; O. Sainz et al., [NLP Evaluation
# in trouble: On the Need to Measure LLM Data Contamination for each
# Benchmark](https://arxiv.org/abs/2310.18018), 2023; S. Golchin and M. Surdeanu, [Time Travel
# in LLMs: Tracing Data Contamination in Large Language
# Models](https://arxiv.org/abs/2308.08493), 2023.

# %%
import os

# The matrices here are small; on a busy 2-core machine extra BLAS threads only slow things down.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the hidden rule and every question drawn
DIM = 8  # numbers describing one question
N_ANSWERS = 4  # possible answers per question (a random guess is right 25% of the time)
RULE_HIDDEN = 32  # hidden units of the random network that sets the answers
RULE_SHARPNESS = 2.0  # how sharply that network bends (larger: a harder rule)
RANDOM_KEY_SHARE = 0.1  # share of questions whose answer key is random, not set by the rule
N_TRAIN = 3000  # training questions; fixed, leaked questions take the place of fresh ones
BENCH_SIZE = 1000  # questions in each benchmark, public and fresh
REPEATS = 8  # independent benchmark pairs and training sets, pooled at every leakage level
LEAK_LEVELS = (0.0, 0.25, 0.5, 1.0)  # share of the public benchmark leaked; 0.0 is the ablation
SEEN_SAMPLE = 500  # training questions asked again to measure accuracy on seen questions
WIDTHS = (0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0)  # similarity widths tried when tuning
Z_99 = 2.576  # normal quantile for a two-sided 99% confidence interval

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Questions, answers and the model
#
# The hidden rule is a random one-hidden-layer network; a question's answer is the label with
# the largest output. The model keeps its training questions and their answer keys. Asked a
# question `q`, it gives training question `t` the weight `exp(-|q - t|² / (2 w² DIM))`, where
# `w` is the similarity width, adds up the weights of the training questions behind each answer,
# and picks the answer with the largest total. A small width means only very close questions
# count (close to a lookup table); a large width means many distant questions vote too (a
# smoother, blunter rule).

# %%
rule_in = rng.standard_normal((DIM, RULE_HIDDEN))
rule_out = rng.standard_normal((RULE_HIDDEN, N_ANSWERS))


def draw_questions(n):
    """n questions, their answer keys, and which keys are random rather than set by the rule."""
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    by_rule = np.argmax(np.tanh(x @ rule_in / np.sqrt(DIM) * RULE_SHARPNESS) @ rule_out, axis=1)
    random_key = rng.random(n) < RANDOM_KEY_SHARE
    key = np.where(random_key, rng.integers(0, N_ANSWERS, n), by_rule)
    return x, key, random_key


def squared_distances(a, b):
    """Squared Euclidean distance between every row of a and every row of b."""
    d2 = (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2.0 * (a @ b.T)
    return np.maximum(d2, 0.0)


def similarity(d2, width):
    """The model's vote weights for squared distances d2 at a similarity width."""
    return np.exp(-d2 / np.float32(2.0 * width**2 * DIM))


def answers(weights, train_keys):
    """The model's answer to each question: the answer with the largest total weight."""
    return np.argmax(weights @ np.eye(N_ANSWERS, dtype=np.float32)[train_keys], axis=1)


# %% [markdown]
# ## Tuning the model on clean data
#
# The width is picked for the best accuracy on fresh validation questions, with a training set
# that contains no benchmark question. On the same data we also measure how often the model
# answers its own training questions right. The difference between the two is what a leaked
# question can gain: it is how much better the model does on questions it has seen.

# %%
tune_x, tune_key, _ = draw_questions(N_TRAIN)
val_x, val_key, _ = draw_questions(BENCH_SIZE)
d2_val = squared_distances(val_x, tune_x)
d2_seen = squared_distances(tune_x[:SEEN_SAMPLE], tune_x)
val_acc, seen_acc = [], []
for width in WIDTHS:
    val_acc.append(np.mean(answers(similarity(d2_val, width), tune_key) == val_key))
    seen_acc.append(
        np.mean(answers(similarity(d2_seen, width), tune_key) == tune_key[:SEEN_SAMPLE])
    )
best = int(np.argmax(val_acc))
WIDTH = WIDTHS[best]
print(f"tuned width w = {WIDTH}: fresh accuracy {val_acc[best]:.3f}, seen {seen_acc[best]:.3f}")

# %% [markdown]
# ## The contamination experiment
#
# In each repeat we draw a public benchmark, a fresh benchmark and 3,000 fresh training
# questions. At leakage level `c`, the first `c x 1,000` public questions, with their keys,
# replace the first `c x 1,000` fresh training questions. The model is scored on both benchmarks.
# Level 0 is the ablation: it differs from the others only in that no public question was
# leaked.

# %%
correct_public = {c: [] for c in LEAK_LEVELS}  # per question: right (1) or wrong (0)
correct_fresh = {c: [] for c in LEAK_LEVELS}
leaked_right, leaked_random_right, unseen_random_right = [], [], []
for _ in range(REPEATS):
    pub_x, pub_key, pub_random = draw_questions(BENCH_SIZE)
    fresh_x, fresh_key, _ = draw_questions(BENCH_SIZE)
    train_x, train_key, _ = draw_questions(N_TRAIN)
    # Every training set used below is drawn from this pool: the public questions, then the
    # fresh training questions. The weights are computed once for the whole pool.
    pool_key = np.concatenate([pub_key, train_key])
    w_pub = similarity(squared_distances(pub_x, np.vstack([pub_x, train_x])), WIDTH)
    w_fresh = similarity(squared_distances(fresh_x, np.vstack([pub_x, train_x])), WIDTH)
    for c in LEAK_LEVELS:
        k = int(round(c * BENCH_SIZE))  # public questions leaked
        used = np.r_[0:k, BENCH_SIZE + k : BENCH_SIZE + N_TRAIN]  # always N_TRAIN questions
        right_pub = answers(w_pub[:, used], pool_key[used]) == pub_key
        right_fresh = answers(w_fresh[:, used], pool_key[used]) == fresh_key
        correct_public[c].append(right_pub)
        correct_fresh[c].append(right_fresh)
        if c == 1.0:
            leaked_right.append(right_pub)
            leaked_random_right.append(right_pub[pub_random])
        if c == 0.0:
            unseen_random_right.append(right_pub[pub_random])


def gap_with_ci(c):
    """Public minus fresh accuracy at leakage level c, with its 99% confidence interval."""
    a, b = np.concatenate(correct_public[c]), np.concatenate(correct_fresh[c])
    pa, pb = a.mean(), b.mean()
    se = np.sqrt(pa * (1 - pa) / a.size + pb * (1 - pb) / b.size)
    return pa, pb, pa - pb, pa - pb - Z_99 * se, pa - pb + Z_99 * se


table = {c: gap_with_ci(c) for c in LEAK_LEVELS}
for c, (pa, pb, gap, lo, hi) in table.items():
    print(
        f"{c:4.0%} leaked: public {pa:.3f}  fresh {pb:.3f}  gap {gap:+.3f}  [{lo:+.3f}, {hi:+.3f}]"
    )

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
pct = [100 * c for c in LEAK_LEVELS]
axes[0].plot(pct, [table[c][0] for c in LEAK_LEVELS], "o-", label="public benchmark (may leak)")
axes[0].plot(pct, [table[c][1] for c in LEAK_LEVELS], "s--", label="fresh benchmark (never leaks)")
axes[0].set_xlabel("share of the public benchmark leaked into training (%)")
axes[0].set_ylabel("accuracy")
axes[0].set_title("scores on two equally hard benchmarks")
axes[0].legend()
gaps = np.array([table[c][2] for c in LEAK_LEVELS])
err = np.array([[table[c][2] - table[c][3], table[c][4] - table[c][2]] for c in LEAK_LEVELS]).T
axes[1].errorbar(pct, gaps, yerr=err, fmt="o-", capsize=4, label="gap, 99% interval")
axes[1].errorbar(
    pct[:1],
    gaps[:1],
    yerr=err[:, :1],
    fmt="s",
    color="C2",
    capsize=4,
    label="ablation: nothing leaked",
)
axes[1].axhline(0.0, color="grey", lw=0.8)
axes[1].set_xlabel("share of the public benchmark leaked into training (%)")
axes[1].set_ylabel("public minus fresh accuracy")
axes[1].set_title("score inflation")
axes[1].legend()
axes[2].plot(WIDTHS, val_acc, "s--", label="fresh questions (real skill)")
axes[2].plot(WIDTHS, seen_acc, "o-", label="questions seen in training")
axes[2].axvline(WIDTH, color="grey", lw=0.8, label="width chosen on fresh questions")
axes[2].set_xscale("log")
axes[2].set_xticks(WIDTHS, [f"{w:g}" for w in WIDTHS])
axes[2].minorticks_off()
axes[2].set_xlabel("similarity width w (small: lookup-like, large: smooth)")
axes[2].set_ylabel("accuracy")
axes[2].set_title("what a seen question gains, by model")
axes[2].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## Reading the result
#
# The fresh benchmark's score does not move with leakage: the model is not getting better at the
# task (it always learns from 3,000 questions of the same kind). Only the public score rises, by
# roughly the leaked share times the advantage of a seen question over an unseen one, the gap
# between the two curves at the chosen width in the right panel. Without the fresh benchmark
# nothing in the public score would show that part of it is recall. The leaked questions whose
# key is random make the point sharply: on unseen ones the model can only be right by luck
# (about one time in four), on leaked ones it is right far more often.
#
# The right panel also shows why "use a less flexible model" is no cure: widths that make the
# model memorise less also make it worse on fresh questions, and the width that is best on fresh
# questions still recalls much of what it has seen. Real language models are not kernel voters;
# how much a model recalls of one leaked question depends on its size and on how often the
# question appears in its training text. The measurement logic is the same: compare against
# questions that cannot have leaked.

# %%
_, _, ablation_gap, ablation_lo, ablation_hi = table[0.0]
print(f"tuned_width={WIDTH:.3f}")
print(f"fresh_val_acc_at_width={val_acc[best]:.3f}")
print(f"seen_acc_at_width={seen_acc[best]:.3f}")
for c in LEAK_LEVELS[1:]:
    pa, pb, gap, lo, hi = table[c]
    tag = f"{int(round(100 * c))}pct"
    print(f"public_acc_{tag}={pa:.3f}")
    print(f"fresh_acc_{tag}={pb:.3f}")
    print(f"gap_{tag}={gap:.3f}")
    print(f"gap_{tag}_ci_low={lo:.3f}")
    print(f"gap_{tag}_ci_high={hi:.3f}")
print(f"leaked_acc_100pct={np.concatenate(leaked_right).mean():.3f}")
print(f"leaked_random_key_acc={np.concatenate(leaked_random_right).mean():.3f}")
print(f"unseen_random_key_acc={np.concatenate(unseen_random_right).mean():.3f}")
print(f"ablation_public_acc={table[0.0][0]:.3f}")
print(f"ablation_fresh_acc={table[0.0][1]:.3f}")
print(f"ablation_gap={ablation_gap:.3f}")
print(f"ablation_gap_ci_low={ablation_lo:.3f}")
print(f"ablation_gap_ci_high={ablation_hi:.3f}")
