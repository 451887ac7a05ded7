# %% [markdown]
# # A shortcut feature that breaks under distribution shift
#
# **Concepts shown:** distributional shift, shortcut learning, spurious correlation.
#
# A binary classifier sees two features. The **core** feature really carries the label but is
# noisy: on its own it gets about 88% right. The **spurious** feature is clean and easy, and
# in the training data it agrees with the label every time, but only by accident of how the
# data was collected (think of the background in a photo: water behind waterbirds, land
# behind landbirds). A logistic regression trained on this data puts most of its weight on
# the easy shortcut. Nothing in the training or the i.i.d. test numbers warns us. When the
# accident reverses at test time, accuracy collapses far below chance.
#
# **Ablation:** the same model, trained on the same examples (same labels, same core feature,
# same noise, same seed) except that the spurious feature now agrees with the label only half
# the time, i.e. it is independent of the label. The correlation, the claimed cause, is the
# only thing switched off; the shift then costs nothing.
#
# **What you'll see:** the learned weights of both models; a scatter plot of the training
# data and the flipped test data with each model's decision boundary; and test accuracy as
# the share of test examples whose spurious feature agrees with the label goes from 100%
# down to 0%.
#
# **Claim:** trained with a perfectly correlated spurious feature, the model puts more weight
# on it than on the core feature, scores at least 90% on i.i.d. test data (drawn like the
# training data) and at most 30% on the same test examples with the spurious feature flipped,
# a drop of at least 60 points.
# Ablation on the same seed and examples with the spurious feature independent of the label
# in training: the change from i.i.d. to flipped test data is at most 5 points either way, and
# flipped accuracy stays at least 80%.
#
# Source: R. Geirhos et al., [Shortcut Learning in Deep Neural
# Networks](https://arxiv.org/abs/2004.07780), Nature Machine Intelligence 2020.

# %%
import math
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # master seed; every generator derives from it
N_TRAIN = 2000  # training examples per training set
N_TEST = 5000  # examples per test set
CORE_SHIFT = 1.2  # core feature mean is +CORE_SHIFT for label 1 and -CORE_SHIFT for label 0
CORE_NOISE = 1.0  # standard deviation of the core feature's noise (large: hard feature)
SPURIOUS_SHIFT = 1.0  # spurious feature mean is +/-SPURIOUS_SHIFT
SPURIOUS_NOISE = 0.2  # standard deviation of the spurious feature's noise (small: easy feature)
L2 = 1e-2  # L2 penalty on the weights (keeps them finite on separable data)
LEARNING_RATE = 0.5  # gradient-descent step size
STEPS = 2000  # full-batch gradient-descent steps

# %% [markdown]
# ## Data
#
# `agreement` is the probability that the spurious feature points the same way as the label.
# Every data set is drawn once (labels, core feature, noise, and a uniform number per example)
# and then given its spurious feature for a chosen `agreement`: an example's spurious feature
# agrees with its label when its uniform number is below `agreement`. So the main training set
# (`agreement = 1`) and the ablation's training set (`agreement = 0.5`, spurious feature
# independent of the label) have the same labels, the same core feature and the same noise;
# only the link between the spurious feature and the label differs. Likewise the i.i.d. test
# set (`agreement = 1`) and the flipped one (`agreement = 0`) are the same examples with the
# spurious feature pointing the other way.

# %%
rng = np.random.default_rng(SEED)


def draw_examples(n, rng):
    """Everything about n examples except the direction of their spurious feature."""
    y = rng.integers(0, 2, n)
    core = CORE_SHIFT * (2 * y - 1) + CORE_NOISE * rng.standard_normal(n)
    return y, core, SPURIOUS_NOISE * rng.standard_normal(n), rng.random(n)


def with_agreement(examples, agreement):
    """Features and labels when the spurious feature agrees with the label at this rate."""
    y, core, spurious_noise, u = examples
    sign = 2 * y - 1
    spurious = SPURIOUS_SHIFT * np.where(u < agreement, sign, -sign) + spurious_noise
    return np.column_stack([core, spurious]), y


def fit_logistic_regression(x, y):
    """L2-regularized logistic regression by full-batch gradient descent."""
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= LEARNING_RATE * (x.T @ (p - y) / len(y) + L2 * w)
        b -= LEARNING_RATE * np.mean(p - y)
    return w, b


def accuracy(model, x, y):
    w, b = model
    return float(np.mean((x @ w + b > 0) == y))


train_examples = draw_examples(N_TRAIN, rng)
test_examples = draw_examples(N_TEST, rng)
x_train, y_train = with_agreement(train_examples, 1.0)
x_balanced, y_balanced = with_agreement(train_examples, 0.5)  # the ablation's training set
x_iid, y_iid = with_agreement(test_examples, 1.0)
x_flip, y_flip = with_agreement(test_examples, 0.0)

shortcut = fit_logistic_regression(x_train, y_train)
balanced = fit_logistic_regression(x_balanced, y_balanced)
core_ceiling = 0.5 * (1 + math.erf(CORE_SHIFT / CORE_NOISE / math.sqrt(2)))  # best core-only acc

print(f"shortcut model weights: core={shortcut[0][0]:.2f}, spurious={shortcut[0][1]:.2f}")
print(f"balanced model weights: core={balanced[0][0]:.2f}, spurious={balanced[0][1]:.2f}")

# %% [markdown]
# ## Accuracy as the correlation shifts

# %%
agreements = np.linspace(0.0, 1.0, 11)
sweep = {"shortcut": [], "balanced": []}
for a in agreements:
    x_test, y_test = with_agreement(test_examples, a)
    sweep["shortcut"].append(accuracy(shortcut, x_test, y_test))
    sweep["balanced"].append(accuracy(balanced, x_test, y_test))


def boundary(model, lo=-4.5, hi=4.5):
    """Two points on the line w[0] * core + w[1] * spurious + b = 0, for plotting."""
    (w0, w1), b = model
    t = np.array([lo, hi])
    if abs(w1) > abs(w0):  # mostly horizontal: solve for the spurious coordinate
        return t, -(w0 * t + b) / w1
    return -(w1 * t + b) / w0, t  # mostly vertical: solve for the core coordinate


fig, axes = plt.subplots(1, 3, figsize=(14, 4))
panels = [(x_train, y_train, "training data (spurious = label)"), (x_flip, y_flip, "flipped test")]
for ax, (x, y, title) in zip(axes[:2], panels, strict=True):
    show = slice(0, 600)  # a subset keeps the scatter readable
    ax.scatter(x[show, 0], x[show, 1], c=y[show], cmap="coolwarm", s=6, alpha=0.6)
    ax.plot(*boundary(shortcut), "k-", label="shortcut model")
    ax.plot(*boundary(balanced), "g--", label="ablation: balanced training")
    ax.set_xlim(-4.5, 4.5)
    ax.set_ylim(-2, 2)
    ax.set_xlabel("core feature (noisy, truly predictive)")
    ax.set_ylabel("spurious feature (clean shortcut)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
axes[2].plot(agreements, sweep["shortcut"], "ko-", label="trained with shortcut")
axes[2].plot(agreements, sweep["balanced"], "gs--", label="ablation: balanced training")
axes[2].axhline(core_ceiling, color="grey", lw=0.8, label="best possible from core alone")
axes[2].set_xlabel("test share where spurious feature agrees with label")
axes[2].set_ylabel("test accuracy")
axes[2].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# The shortcut model's weight on the spurious feature is about three times its weight on
# the core feature, so its boundary mainly separates "spurious feature up" from "spurious
# feature down". That one feature splits the training data perfectly with a wide margin,
# while the core feature's two classes overlap. With a small weight penalty, gradient descent
# settles on the cheapest fit (smallest weights), and that is the clean shortcut. When the
# shortcut flips, the two clusters swap places and most points land on the wrong side. The
# training data alone cannot tell the model which feature is the real signal; only data
# where the two come apart (here the balanced set) can. The balanced model's boundary is
# nearly vertical, and its accuracy stays near the best the core feature allows, whatever
# the test distribution does.

# %%
shortcut_iid, shortcut_flip = accuracy(shortcut, x_iid, y_iid), accuracy(shortcut, x_flip, y_flip)
balanced_iid, balanced_flip = accuracy(balanced, x_iid, y_iid), accuracy(balanced, x_flip, y_flip)
print(f"train_acc={accuracy(shortcut, x_train, y_train):.3f}")
print(f"iid_test_acc={shortcut_iid:.3f}")
print(f"flipped_test_acc={shortcut_flip:.3f}")
print(f"shift_drop={shortcut_iid - shortcut_flip:.3f}")
print(f"weight_core={shortcut[0][0]:.3f}")
print(f"weight_spurious={shortcut[0][1]:.3f}")
print(f"ablation_iid_test_acc={balanced_iid:.3f}")
print(f"ablation_flipped_test_acc={balanced_flip:.3f}")
print(f"ablation_shift_drop={balanced_iid - balanced_flip:.3f}")
print(f"ablation_weight_core={balanced[0][0]:.3f}")
print(f"ablation_weight_spurious={balanced[0][1]:.3f}")
print(f"core_only_ceiling={core_ceiling:.3f}")
