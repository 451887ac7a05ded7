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
# accident reverses at test time, accuracy collapses far below chance. Training on data
# where the spurious feature is independent of the label removes the shortcut, and the model
# keeps working after the shift.
#
# **What you'll see:** the learned weights of both models; a scatter plot of the training
# data and the flipped test data with each model's decision boundary; and test accuracy as
# the share of test examples whose spurious feature agrees with the label goes from 100%
# down to 0%.
#
# **Claim:** the model trained with a perfectly correlated spurious feature scores at least
# 90% on i.i.d. test data but at most 30% once the correlation flips, while the same model
# trained on data with the spurious feature balanced scores at least 80% on the flipped data.
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
# Training and i.i.d. test data use `agreement = 1`, the flipped test set uses `agreement = 0`
# and the balanced training set uses `agreement = 0.5` (spurious feature independent of the
# label). The core feature behaves the same way everywhere.

# %%
rng = np.random.default_rng(SEED)


def make_data(n, agreement, rng):
    y = rng.integers(0, 2, n)
    sign = 2 * y - 1
    core = CORE_SHIFT * sign + CORE_NOISE * rng.standard_normal(n)
    agrees = rng.random(n) < agreement
    spurious = SPURIOUS_SHIFT * np.where(agrees, sign, -sign)
    spurious = spurious + SPURIOUS_NOISE * rng.standard_normal(n)
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


x_train, y_train = make_data(N_TRAIN, 1.0, rng)
x_balanced, y_balanced = make_data(N_TRAIN, 0.5, rng)
x_iid, y_iid = make_data(N_TEST, 1.0, rng)
x_flip, y_flip = make_data(N_TEST, 0.0, rng)

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
    x_test, y_test = make_data(N_TEST, a, rng)
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
    ax.plot(*boundary(balanced), "g--", label="balanced model")
    ax.set_xlim(-4.5, 4.5)
    ax.set_ylim(-2, 2)
    ax.set_xlabel("core feature (noisy, truly predictive)")
    ax.set_ylabel("spurious feature (clean shortcut)")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
axes[2].plot(agreements, sweep["shortcut"], "ko-", label="trained with shortcut")
axes[2].plot(agreements, sweep["balanced"], "gs--", label="trained on balanced data")
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
print(f"train_acc={accuracy(shortcut, x_train, y_train):.3f}")
print(f"iid_test_acc={accuracy(shortcut, x_iid, y_iid):.3f}")
print(f"flipped_test_acc={accuracy(shortcut, x_flip, y_flip):.3f}")
print(f"weight_core={shortcut[0][0]:.3f}")
print(f"weight_spurious={shortcut[0][1]:.3f}")
print(f"balanced_iid_test_acc={accuracy(balanced, x_iid, y_iid):.3f}")
print(f"balanced_flipped_test_acc={accuracy(balanced, x_flip, y_flip):.3f}")
print(f"balanced_weight_core={balanced[0][0]:.3f}")
print(f"balanced_weight_spurious={balanced[0][1]:.3f}")
print(f"core_only_ceiling={core_ceiling:.3f}")
