# %% [markdown]
# # Weak-to-strong generalization: a student that does better than the labels it was taught with
#
# **Concepts shown:** weak-to-strong generalization, performance gap recovered (PGR), imitation
# of a supervisor's errors, Burns et al.'s auxiliary confidence loss.
#
# Burns et al. (2023), [*Weak-to-Strong Generalization: Eliciting Strong Capabilities With Weak
# Supervision*](https://arxiv.org/abs/2312.09390), asked whether a weak supervisor can train a
# stronger model without capping it at the supervisor's level, as a stand-in for people
# supervising models more capable than themselves. They fine-tuned a small model on a task (the
# **weak supervisor**), had it label fresh data, fine-tuned a large model on those labels (the
# **strong student**), and compared it with the large model fine-tuned on the true labels (the
# **strong ceiling**). The score is the **performance gap recovered**,
# `PGR = (student - weak) / (ceiling - weak)`: 0 when the student is no better than its
# supervisor (it imitated it, mistakes included), 1 when it is as good as with perfect labels.
# Their code also runs a vision version in which the student is only a linear classifier on the
# features of a stronger pretrained network. This demo is a much smaller version of that: every
# model is a logistic regression, and what makes the student strong is only its representation
# of the input.
#
# **The set-up.** Every example has 12 hidden attributes. The two classes form two clouds of
# points centred at `+SEPARATION * u` and `-SEPARATION * u`, where the direction `u` gives every
# attribute the same weight (signs random per seed); the true label says which cloud an example
# came from. The **weak supervisor** is a logistic regression that sees only 4 of the attributes,
# measured with a lot of noise; it is trained on true labels and then gives its predicted
# probabilities (soft labels, as Burns et al. used) on a fresh set of examples. The **strong
# student** is a logistic regression on a better representation, all 12 attributes measured with
# little noise, trained only on those soft labels. The **strong ceiling** is the same model on
# the same examples, trained on the true labels. The weak supervisor errs for two reasons: its
# measurements are noisy, and it ignores 8 of the 12 attributes.
#
# **Auxiliary confidence loss.** Burns et al. also trained students with an extra term that
# rewards the student for agreeing with its own confident predictions: the target becomes
# `(1 - a) * weak label + a * (the student's own prediction, made hard)`, with the weight `a`
# ramped up early in training and the hard predictions thresholded so that the share of each
# class matches the weak labels (as in their released code). We train each student in rounds of
# Newton steps so that the plain student and the one with this loss use the same optimizer.
#
# **Ablation, same seed:** the same supervisor, the same soft labels and the same examples, but
# the student's representation is **no better than the supervisor's**: the same 4 attributes with
# the same amount of noise (its own noise draws, not the supervisor's). A second control, printed
# but not asserted, gives the student *exactly* the supervisor's features. Its PGR is 0 by
# construction: the supervisor's own weights are the best fit to its own soft labels, so the
# student recovers them and repeats every mistake. A sweep varies how many of the 12 attributes
# the student sees.
#
# **What you'll see:** the student trained only on the supervisor's labels is clearly more
# accurate than the supervisor and recovers a substantial share of the gap to the ceiling,
# without ever seeing a true label. The mistakes the supervisor made because of its noise depend
# on noise the student cannot see, so the student cannot copy them. The sweep shows the limit:
# plain weak-label training gains little from the attributes the supervisor ignored, because the
# labels say almost nothing about them. The confidence loss recovers part of that gain: in the
# student's representation the two classes are well-separated clouds, and its own confident
# predictions push its boundary into the gap between them. With a representation no better than
# the supervisor's, the student is no better than the supervisor, and the confidence loss does
# not help.
#
# **Claim:** trained only on the weak supervisor's soft labels, the strong student recovers at
# least 25% of the gap between the supervisor and the strong ceiling (PGR at least 0.25), and
# with the auxiliary confidence loss PGR is higher by at least 0.1. Ablation on the same seed,
# the student seeing the same 4 noisy attributes as the supervisor (its own noise): PGR lies
# between -0.1 and 0.1, and the confidence loss raises it by less than 0.05.

# %%
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the attributes, noise and data sets
N_ATTRIBUTES = 12  # hidden attributes per example
SEPARATION = 2.0  # the class clouds are centred at +/- SEPARATION along the unit direction u
WEAK_ATTRIBUTES = 4  # the weak supervisor sees the first 4 attributes ...
WEAK_NOISE = 1.0  # ... each measured with Gaussian noise of this standard deviation
STRONG_NOISE = 0.3  # the strong student's measurement noise (it sees all 12 attributes)
N_WEAK_TRAIN = 1000  # examples with true labels that train the weak supervisor
N_STUDENT_TRAIN = 2000  # fresh examples: weak labels train the student, true labels the ceiling
N_TEST = 20_000  # fresh examples on which every accuracy is measured
L2_PENALTY = 1e-3  # ridge penalty on every logistic regression's weights
ROUNDS = 20  # training rounds; the confidence-loss targets are refreshed once per round
NEWTON_PER_ROUND = 3  # Newton steps on the cross-entropy per round
AUX_WEIGHT = 0.5  # final weight of the student's own hard predictions (released code's default)
AUX_WARMUP = 0.1  # fraction of training over which it ramps up from 0 (released code's default)
STUDENT_ATTRIBUTE_SWEEP = (4, 6, 8, 10, 12)  # attributes the student sees, in the sweep

rng = np.random.default_rng(SEED)
u = rng.choice([-1.0, 1.0], N_ATTRIBUTES) / np.sqrt(N_ATTRIBUTES)  # equal weight, random signs

# %% [markdown]
# ## Data: one set of examples, several views of it
#
# Each example's hidden attributes and every noise draw are made once, so the supervisor's view,
# the student's views and the ablation's view are views of the same examples (common random
# numbers): the variants differ only in what their model sees.


# %%
def make_examples(n):
    y = rng.integers(0, 2, n)
    z = (2 * y - 1)[:, None] * SEPARATION * u + rng.standard_normal((n, N_ATTRIBUTES))
    return {
        "y": y.astype(float),
        "z": z,
        "weak_noise": rng.standard_normal((n, WEAK_ATTRIBUTES)),
        "strong_noise": rng.standard_normal((n, N_ATTRIBUTES)),
        "equal_noise": rng.standard_normal((n, WEAK_ATTRIBUTES)),  # the ablation's own noise
    }


def weak_view(d):
    return d["z"][:, :WEAK_ATTRIBUTES] + WEAK_NOISE * d["weak_noise"]


def strong_view(d, n_attributes=N_ATTRIBUTES):
    return d["z"][:, :n_attributes] + STRONG_NOISE * d["strong_noise"][:, :n_attributes]


def equal_view(d):
    """As informative as the supervisor's view (same attributes, same noise level), own noise."""
    return d["z"][:, :WEAK_ATTRIBUTES] + WEAK_NOISE * d["equal_noise"]


weak_train = make_examples(N_WEAK_TRAIN)
student_train = make_examples(N_STUDENT_TRAIN)
test = make_examples(N_TEST)

# %% [markdown]
# ## Logistic regression, with or without the auxiliary confidence loss
#
# Each model is `P(class 1) = sigmoid(w . x + b)`, trained by minimizing the cross-entropy to a
# target in [0, 1]: the true label, the supervisor's soft label, or (with the confidence loss) a
# mix of the soft label and the student's own hard prediction. With `aux_weight = 0` the same
# routine is ordinary logistic regression.


# %%
def sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def with_bias(x):
    return np.hstack([x, np.ones((len(x), 1))])


def train(x, labels, aux_weight=0.0):
    xb = with_bias(x)
    w = np.zeros(xb.shape[1])
    share_of_ones = labels.mean()
    for r in range(ROUNDS):
        weight = aux_weight * min(1.0, r / (AUX_WARMUP * ROUNDS))  # 0 in the first round
        target = labels
        if weight > 0:
            p = sigmoid(xb @ w)
            hard = (p >= np.quantile(p, 1.0 - share_of_ones)).astype(float)
            target = (1.0 - weight) * labels + weight * hard
        for _ in range(NEWTON_PER_ROUND):
            p = sigmoid(xb @ w)
            grad = xb.T @ (p - target) / len(x) + L2_PENALTY * w
            hess = (xb.T * (p * (1 - p))) @ xb / len(x) + L2_PENALTY * np.eye(len(w))
            w -= np.linalg.solve(hess, grad)
    return w


def predict(w, x):
    return (with_bias(x) @ w > 0).astype(float)


def accuracy(w, x):
    return float((predict(w, x) == test["y"]).mean())


# %% [markdown]
# ## The weak supervisor, its labels, and the strong ceiling

# %%
w_weak = train(weak_view(weak_train), weak_train["y"])
soft_labels = sigmoid(with_bias(weak_view(student_train)) @ w_weak)  # the student's only signal
weak_acc = accuracy(w_weak, weak_view(test))
weak_wrong = predict(w_weak, weak_view(test)) != test["y"]
print(f"weak supervisor: test accuracy {weak_acc:.3f}")
print(
    f"its soft labels on the student's training set agree with the truth on "
    f"{((soft_labels > 0.5) == student_train['y']).mean():.3f} of examples"
)


def evaluate(view, aux_weight=0.0):
    """Train a student on the soft labels and a ceiling on the true labels, same view and data."""
    w_student = train(view(student_train), soft_labels, aux_weight)
    w_ceiling = train(view(student_train), student_train["y"])
    student_acc, ceiling_acc = accuracy(w_student, view(test)), accuracy(w_ceiling, view(test))
    copied = predict(w_student, view(test)) != test["y"]  # wrong where the supervisor was wrong
    return {
        "student": student_acc,
        "ceiling": ceiling_acc,
        "copied": float(copied[weak_wrong].mean()),
    }


def pgr(student_acc, ceiling_acc):
    return (student_acc - weak_acc) / (ceiling_acc - weak_acc)


# %% [markdown]
# ## Main run, confidence loss, ablation and the same-features control

# %%
runs = {
    "main": evaluate(strong_view),
    "main_aux": evaluate(strong_view, AUX_WEIGHT),
    "ablation": evaluate(equal_view),
    "ablation_aux": evaluate(equal_view, AUX_WEIGHT),
    "same_features": evaluate(weak_view),
}
# PGR of every variant is measured against the strong ceiling of the main run, so the ablation
# is scored on the same scale (its own ceiling is about as good as the supervisor).
ceiling_acc = runs["main"]["ceiling"]
for name, r in runs.items():
    r["pgr"] = pgr(r["student"], ceiling_acc)
    print(
        f"{name:14s} student accuracy {r['student']:.3f}  own ceiling {r['ceiling']:.3f}  "
        f"PGR {r['pgr']:.3f}  repeats {r['copied']:.3f} of the supervisor's test mistakes"
    )

# %% [markdown]
# ## Sweep: how many of the 12 attributes the student sees
#
# The student always sees the supervisor's 4 attributes (with little noise) plus some of the
# other 8. PGR here is measured against each variant's own ceiling (the same view trained on
# true labels), so it says what share of *that* student's possible gain the weak labels unlocked.

# %%
sweep = {"plain": [], "aux": [], "student": [], "student_aux": [], "ceiling": []}
for k in STUDENT_ATTRIBUTE_SWEEP:

    def view(d, k=k):
        return strong_view(d, k)

    plain, aux = evaluate(view), evaluate(view, AUX_WEIGHT)
    sweep["student"].append(plain["student"])
    sweep["student_aux"].append(aux["student"])
    sweep["ceiling"].append(plain["ceiling"])
    sweep["plain"].append(pgr(plain["student"], plain["ceiling"]))
    sweep["aux"].append(pgr(aux["student"], plain["ceiling"]))
    print(
        f"student sees {k:2d} attributes: ceiling {plain['ceiling']:.3f}, student "
        f"{plain['student']:.3f} (PGR {sweep['plain'][-1]:.3f}), with confidence loss "
        f"{aux['student']:.3f} (PGR {sweep['aux'][-1]:.3f})"
    )

# %% [markdown]
# ## Figure
#
# Left: test accuracy of the supervisor, the students and the ceiling. Right: the sweep. With
# only the supervisor's 4 attributes, less noisy, the student recovers nearly all of its (small)
# possible gain: the supervisor's mistakes there come from noise the student does not see. Each
# attribute the supervisor ignored raises the ceiling, but the plain student's accuracy barely
# moves, so its PGR falls; the student with the confidence loss gains part of it.

# %%
fig, axes = plt.subplots(1, 2, figsize=(13, 4.5))
ax = axes[0]
bars = {
    "weak\nsupervisor": weak_acc,
    "same\nfeatures": runs["same_features"]["student"],
    "equal\nview": runs["ablation"]["student"],
    "equal view\n+ conf.": runs["ablation_aux"]["student"],
    "strong\nstudent": runs["main"]["student"],
    "strong\n+ conf.": runs["main_aux"]["student"],
    "strong\nceiling": ceiling_acc,
}
colours = ["C7", "C1", "C1", "C1", "C0", "C0", "C2"]
ax.bar(range(len(bars)), list(bars.values()), color=colours)
ax.set_xticks(range(len(bars)), list(bars.keys()), fontsize=8)
ax.set_ylim(0.5, 1.0)
ax.axhline(weak_acc, color="C7", lw=0.8, ls="--")
ax.axhline(ceiling_acc, color="C2", lw=0.8, ls="--")
ax.set_ylabel("test accuracy (true labels)")
ax.set_title("students trained only on the weak labels (orange: ablations)")

ax = axes[1]
ax.plot(STUDENT_ATTRIBUTE_SWEEP, sweep["ceiling"], "s-", color="C2", label="ceiling (true labels)")
ax.plot(STUDENT_ATTRIBUTE_SWEEP, sweep["student_aux"], "o-", color="C0", label="student + conf.")
ax.plot(STUDENT_ATTRIBUTE_SWEEP, sweep["student"], "o--", color="C0", label="student, plain")
ax.axhline(weak_acc, color="C7", lw=0.8, ls="--", label="weak supervisor")
ax.set_xlabel("attributes the student sees (the supervisor sees 4)")
ax.set_ylabel("test accuracy")
ax.legend(fontsize=8)
ax.set_title("gain from attributes the supervisor ignored")
fig.tight_layout()

# %% [markdown]
# ## Reading the result
#
# Weak-to-strong generalization here has a plain cause: the student cannot represent the
# supervisor's noise-driven mistakes, so fitting the supervisor's labels as well as it can lands
# it closer to the truth than the supervisor. The mistakes it *can* represent, leaning on the
# wrong attributes, it largely copies unless something else pulls it away; here the confidence
# loss does, because the classes are separated in the student's representation. Neither would
# help a student whose representation did not make the true answer easy, which is the ablation.
# Lang, Sontag and Vijayaraghavan (2024), [*Theoretical Analysis of Weak-to-Strong
# Generalization*](https://arxiv.org/abs/2405.16043), give bounds built on the same intuition:
# the student gains when it cannot fit the supervisor's mistakes without making more errors of
# its own. Burns et al. found that fine-tuned language-model students beat their supervisors but,
# with plain fine-tuning, stayed far from their ceilings; the confidence loss was their best
# method on the NLP tasks. This toy shows a mechanism, not how large either effect is in practice.

# %%
main, main_aux, ablation, ablation_aux = (
    runs["main"],
    runs["main_aux"],
    runs["ablation"],
    runs["ablation_aux"],
)
print(f"weak_accuracy={weak_acc:.3f}")
print(f"ceiling_accuracy={ceiling_acc:.3f}")
print(f"student_accuracy={main['student']:.3f}")
print(f"pgr={main['pgr']:.3f}")
print(f"student_repeats_weak_mistakes={main['copied']:.3f}")
print(f"aux_student_accuracy={main_aux['student']:.3f}")
print(f"aux_pgr={main_aux['pgr']:.3f}")
print(f"aux_student_repeats_weak_mistakes={main_aux['copied']:.3f}")
print(f"ablation_student_accuracy={ablation['student']:.3f}")
print(f"ablation_pgr={ablation['pgr']:.3f}")
print(f"ablation_aux_pgr={ablation_aux['pgr']:.3f}")
print(f"ablation_student_repeats_weak_mistakes={ablation['copied']:.3f}")
# Same features as the supervisor: 0 and about 1 by construction (printed, not a finding).
print(f"same_features_pgr={round(runs['same_features']['pgr'], 3) + 0.0:.3f}")
print(f"same_features_repeats_weak_mistakes={runs['same_features']['copied']:.3f}")
for k, p_plain, p_aux in zip(STUDENT_ATTRIBUTE_SWEEP, sweep["plain"], sweep["aux"], strict=True):
    print(f"sweep_pgr_{k}_attributes={p_plain:.3f}")
    print(f"sweep_aux_pgr_{k}_attributes={p_aux:.3f}")
