# %% [markdown]
# # Grokking: memorize first, generalize much later
#
# **Concepts shown:** grokking, memorization versus generalization, weight decay, a progress
# measure read off the weights.
#
# Power et al. (2022), [*Grokking: Generalization beyond overfitting on small algorithmic
# datasets*](https://arxiv.org/abs/2201.02177), trained small transformers on tables such as
# `a + b mod p` with part of the table held out. The networks reached perfect training accuracy
# early, stayed near chance on the held-out part for a long time, and then generalized, long
# after the point at which one would normally stop training. Nanda et al. (2023),
# [*Progress measures for grokking via mechanistic
# interpretability*](https://arxiv.org/abs/2301.05217), reverse-engineered such a network: it
# had learned to represent numbers as waves of a few frequencies and to add them as rotations,
# and weight decay slowly removed the memorizing parts.
#
# Here the model is far smaller than a transformer: a two-layer network in the style of Gromov
# (2023), [*Grokking modular arithmetic*](https://arxiv.org/abs/2301.02679). The two numbers
# `a` and `b` (each one of `p = 23` symbols) are one-hot vectors; the hidden layer adds a learned
# vector for `a` to a learned vector for `b` and squares the result; a second layer turns the
# 64 hidden units into scores for the 23 possible answers. Half of the 529 pairs are used for
# training, the other half are held out. Training is full-batch (every step sees every training
# pair) with AdamW-style updates: Adam steps on the cross-entropy loss plus a decoupled weight
# decay that shrinks every weight by a fixed fraction each step.
#
# The ablation switches weight decay off. Same seed, same split, same initial weights, same
# learning rate and number of steps; only the decay is zero. Power et al. found weight decay the
# most effective of the interventions they tried, but it is not strictly required everywhere:
# Gromov reports grokking with plain gradient descent on a squared-error loss and no
# regularization at all. So the ablation checks what happens *in this set-up*, not in general.
#
# **What you'll see:** within about 60 steps both runs fit every training pair, while their
# held-out accuracy sits below chance. With weight decay, held-out accuracy then climbs to
# 100% over the next several hundred steps, long after training accuracy stopped changing.
# Without it, the network stays a lookup table: held-out accuracy does not move. Inside the
# network, the decayed run's hidden units each settle on a single frequency of `a` and `b`
# (the wave-like representation Nanda et al. describe), while the undecayed run's units stay
# spread over many frequencies.
#
# **Claim:** with weight decay, training accuracy reaches 99% while held-out accuracy is still
# below 10% (chance is 1/23), and held-out accuracy first reaches 90% at least 5 times as many
# steps later, within a budget of 2000 full-batch steps; by then the median hidden unit puts
# more than 70% of its input-weight power on a single frequency. Ablation on the same seed,
# split and initial weights, with weight decay off: training accuracy still reaches 99%, but
# held-out accuracy never reaches 90% and ends the same budget below 10%, and the median hidden
# unit puts less than 50% of its power on one frequency.

# %%
import os

# Small matrices: extra BLAS threads only slow things down on a busy 2-core machine.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds the train/test split and the initial weights
P = 23  # the modulus: the task is (a + b) mod P, with a, b in 0..P-1
TRAIN_FRACTION = 0.5  # share of the P*P pairs used for training; the rest are held out
HIDDEN = 64  # hidden units
LEARNING_RATE = 1e-2  # Adam step size
BETAS = (0.9, 0.98)  # Adam's moving-average rates (the values Power et al. used)
ADAM_EPS = 1e-8  # Adam's guard against division by zero
WEIGHT_DECAY = 1.0  # decoupled decay: each step every weight shrinks by LEARNING_RATE * this
STEPS = 2000  # full-batch training steps, the same budget for both runs
EVAL_EVERY = 10  # measure accuracies every this many steps
MEMORIZED = 0.99  # training accuracy that counts as "fitted the training set"
GENERALIZED = 0.90  # held-out accuracy that counts as "generalized"

rng = np.random.default_rng(SEED)

# %% [markdown]
# ## Data
#
# Every pair `(a, b)` is one row: a one-hot vector of length `2P` (first half for `a`, second
# half for `b`) and the label `(a + b) mod P`. A random half of the rows is the training set.

# %%
a_all, b_all = (grid.ravel() for grid in np.meshgrid(np.arange(P), np.arange(P), indexing="ij"))
labels = (a_all + b_all) % P
inputs = np.zeros((P * P, 2 * P))
inputs[np.arange(P * P), a_all] = 1.0
inputs[np.arange(P * P), P + b_all] = 1.0

order = rng.permutation(P * P)
n_train = int(TRAIN_FRACTION * P * P)
train_idx, test_idx = order[:n_train], order[n_train:]
x_train, y_train = inputs[train_idx], labels[train_idx]
x_test, y_test = inputs[test_idx], labels[test_idx]
y_train_onehot = np.eye(P)[y_train]

# One set of initial weights, copied into both runs.
init = {
    "w_in": rng.standard_normal((2 * P, HIDDEN)) / np.sqrt(2.0),  # pre-activation variance 1
    "w_out": rng.standard_normal((HIDDEN, P)) / np.sqrt(HIDDEN),
}
print(f"{n_train} training pairs, {len(test_idx)} held-out pairs, chance accuracy {1 / P:.3f}")

# %% [markdown]
# ## Model, training and a progress measure
#
# `hidden = (x · w_in)²`, `scores = hidden · w_out`. The loss is the average cross-entropy of
# the softmax over the `P` answers. Gradients are written out by hand.
#
# The progress measure follows Nanda et al.: take each hidden unit's input weights for `a` (a
# vector of `P` numbers, one per value of `a`), compute their discrete Fourier transform, and
# ask what share of the power (leaving out the constant term) sits on the unit's single
# strongest frequency. A unit that treats `a` as a wave of one frequency scores near 1; a unit
# with unstructured, lookup-table weights spreads its power and scores far lower. We report the
# median over units.


# %%
def forward(params, x):
    pre = x @ params["w_in"]
    hidden = pre**2
    return pre, hidden, hidden @ params["w_out"]


def accuracy(params, x, y):
    return float(np.mean(forward(params, x)[2].argmax(axis=1) == y))


def single_frequency_share(params):
    """Median over hidden units of the share of Fourier power on the unit's top frequency."""
    power = np.abs(np.fft.rfft(params["w_in"][:P], axis=0)) ** 2  # (frequencies, units)
    power = power[1:]  # leave out the constant (frequency 0) term
    return float(np.median(power.max(axis=0) / power.sum(axis=0)))


def train(weight_decay):
    params = {name: value.copy() for name, value in init.items()}
    first_moment = {name: np.zeros_like(value) for name, value in params.items()}
    second_moment = {name: np.zeros_like(value) for name, value in params.items()}
    history = {"step": [], "train_acc": [], "test_acc": [], "norm": [], "freq_share": []}
    for step in range(1, STEPS + 1):
        pre, hidden, scores = forward(params, x_train)
        scores = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        d_scores = (probs - y_train_onehot) / n_train  # gradient of the mean cross-entropy
        grads = {
            "w_out": hidden.T @ d_scores,
            "w_in": x_train.T @ ((d_scores @ params["w_out"].T) * 2.0 * pre),
        }
        for name, grad in grads.items():
            first_moment[name] = BETAS[0] * first_moment[name] + (1 - BETAS[0]) * grad
            second_moment[name] = BETAS[1] * second_moment[name] + (1 - BETAS[1]) * grad**2
            m_hat = first_moment[name] / (1 - BETAS[0] ** step)
            v_hat = second_moment[name] / (1 - BETAS[1] ** step)
            adam_step = m_hat / (np.sqrt(v_hat) + ADAM_EPS)
            params[name] -= LEARNING_RATE * (adam_step + weight_decay * params[name])
        if step % EVAL_EVERY == 0:
            history["step"].append(step)
            history["train_acc"].append(float(np.mean(scores.argmax(axis=1) == y_train)))
            history["test_acc"].append(accuracy(params, x_test, y_test))
            history["norm"].append(float(np.sqrt(sum(np.sum(v**2) for v in params.values()))))
            history["freq_share"].append(single_frequency_share(params))
    return {key: np.array(value) for key, value in history.items()}


def first_step(history, key, threshold):
    """First evaluated step at which history[key] >= threshold, or -1 if never."""
    hits = np.nonzero(history[key] >= threshold)[0]
    return int(history["step"][hits[0]]) if len(hits) else -1


runs = {"weight decay": train(WEIGHT_DECAY), "no weight decay (ablation)": train(0.0)}
main, ablation = runs["weight decay"], runs["no weight decay (ablation)"]

mem_step = first_step(main, "train_acc", MEMORIZED)
gen_step = first_step(main, "test_acc", GENERALIZED)
test_at_mem = float(main["test_acc"][main["step"] == mem_step][0])
abl_mem_step = first_step(ablation, "train_acc", MEMORIZED)
abl_gen_step = first_step(ablation, "test_acc", GENERALIZED)
for name, run in runs.items():
    print(
        f"{name:27s} train acc {run['train_acc'][-1]:.3f}  held-out acc {run['test_acc'][-1]:.3f}"
        f"  weight norm {run['norm'][-1]:.1f}  single-frequency share {run['freq_share'][-1]:.2f}"
    )

# %% [markdown]
# ## Figure
#
# Left: accuracies against training steps (logarithmic axis). Training accuracy (dashed) is
# full for both runs within a few dozen steps; held-out accuracy (solid) only rises with weight
# decay. Middle: the size of all weights together; with decay it stays roughly where it
# started, while without decay it keeps growing as the network sharpens its memorized answers.
# Right: the single-frequency share, the progress measure: it rises together with held-out
# accuracy in the run with decay and stays flat without it.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
colours = {"weight decay": "tab:blue", "no weight decay (ablation)": "tab:red"}
for name, run in runs.items():
    axes[0].plot(run["step"], run["train_acc"], "--", color=colours[name], label=f"train, {name}")
    axes[0].plot(run["step"], run["test_acc"], "-", color=colours[name], label=f"held-out, {name}")
    axes[1].plot(run["step"], run["norm"], color=colours[name], label=name)
    axes[2].plot(run["step"], run["freq_share"], color=colours[name], label=name)
axes[0].axhline(1 / P, color="gray", ls=":", label="chance (1/p)")
axes[0].axvline(mem_step, color="k", ls=":", lw=0.8)
if gen_step > 0:
    axes[0].axvline(gen_step, color="k", ls=":", lw=0.8)
axes[0].set_title(f"(a + b) mod {P}: memorized at step {mem_step}, generalized at {gen_step}")
axes[0].set_ylabel("accuracy")
axes[1].set_title("weight norm")
axes[2].set_title("median share of power on one frequency")
for ax in axes:
    ax.set_xscale("log")
    ax.set_xlabel("training step (full batch)")
    ax.legend(fontsize=7)
fig.tight_layout()

# %% [markdown]
# Held-out accuracy at the moment the training set is fitted is printed below; it is usually
# *below* chance. One plausible reason: a held-out pair `(a, b)` shares `a` (or `b`) only with
# training pairs whose answers differ from `a + b`, so a network that answers by association
# with what it has seen picks a wrong answer. The delay ratio is the step at which held-out
# accuracy reaches 90% divided by the step at which training accuracy reached 99%.

# %%
print(f"p={P}")
print(f"chance_accuracy={1 / P:.3f}")
print(f"memorized_step={mem_step}")
print(f"test_acc_at_memorized={test_at_mem:.3f}")
print(f"generalized_step={gen_step}")
print(f"delay_steps={gen_step - mem_step if gen_step > 0 else -1}")
print(f"delay_ratio={gen_step / mem_step if gen_step > 0 else -1:.3f}")
print(f"budget_steps={STEPS}")
print(f"final_test_acc={main['test_acc'][-1]:.3f}")
print(f"final_freq_share={main['freq_share'][-1]:.3f}")
print(f"final_weight_norm={main['norm'][-1]:.3f}")
print(f"ablation_memorized_step={abl_mem_step}")
print(f"ablation_generalized_step={abl_gen_step}")
print(f"ablation_max_test_acc={ablation['test_acc'].max():.3f}")
print(f"ablation_final_test_acc={ablation['test_acc'][-1]:.3f}")
print(f"ablation_final_freq_share={ablation['freq_share'][-1]:.3f}")
print(f"ablation_final_weight_norm={ablation['norm'][-1]:.3f}")
