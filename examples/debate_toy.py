# %% [markdown]
# # Debate in miniature: a judge who sees four pixels, and two debaters who choose them
#
# **Concepts shown:** AI safety via debate, a judge with a limited verification budget,
# consultancy (one advocate, no opponent) as the baseline.
#
# Irving, Christiano and Amodei (2018), [*AI safety via debate*](https://arxiv.org/abs/1805.00899),
# tested their proposal on MNIST digits. The judge was a classifier trained in advance to
# recognise digits from only a few revealed pixels. Two debaters, who could see the whole image,
# took turns revealing one pixel each to argue for their claimed label, one honest and one lying;
# they could not lie about a pixel, only choose which ones to show. With 6 revealed pixels the
# judge's accuracy rose from 59.4% (pixels chosen at random) to 88.9% (pixels chosen in debate).
# This demo rebuilds that experiment on synthetic images small enough to run in a second.
#
# **The set-up.** An image is 36 pixels, each +1 or -1. Each of the two classes has a random
# template; an image of a class copies its template, except that pixel `j` is flipped with
# probability `1 - reliability[j]`. Reliabilities differ between pixels (from 0.55 to 0.95 in
# the main run), so some pixels are trustworthy evidence and others are noise. The **judge** is a
# logistic regression trained once, on images with a random handful of pixels revealed; it
# never sees a debate during training. In each test, exactly 4 pixels get revealed to it:
#
# * **random**: 4 pixels chosen at random (the judge's accuracy without debaters);
# * **debate**: the honest debater (arguing for the true class) and the liar (arguing for the
#   other one) alternate, 2 pixels each, each revealing the pixel that moves the judge furthest
#   towards its own claim (greedy play; both turn orders are played and averaged);
# * **consultancy**: a single advocate reveals all 4 pixels for an assigned class, which is the
#   wrong one in half of the images, with no opponent.
#
# **Ablation, same seed:** the same judge, images and liar, but the honest side no longer
# chooses: its 2 pixels are drawn at random. If debate helps because an opponent answers the
# liar's evidence with better evidence, the judge's accuracy should collapse here.
#
# **What you'll see:** debate makes the same judge, with the same 4-pixel budget, far more
# accurate than random pixels, because the true class has more and stronger evidence in the
# image than the false one and the honest debater shows it. Without an opponent who picks
# evidence, the liar wins most debates, and a lone lying consultant fools this judge almost every
# time (the judge takes revealed pixels at face value; it cannot ask what was left out). A sweep
# over how unequal the pixels' reliabilities are shows where debate's advantage comes from: with
# every pixel equally reliable, debate removes well under half of the judge's errors; the more
# some pixels outweigh others, the more errors it removes, because the honest debater's best
# pixels are the reliable ones, while the pixels that happen to favour the lie are mostly noisy.
#
# **Claim:** with 4 revealed pixels and reliabilities spread from 0.55 to 0.95, debate raises the
# judge's accuracy to at least 0.9 and cuts its error rate to at most half of its error rate with
# 4 random pixels. Ablations on the same seed: with the honest side revealing random pixels
# instead of choosing them, the judge's accuracy falls below its accuracy with 4 random pixels;
# with every pixel equally reliable, debate cuts the error rate by less than half.

# %%
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds templates, reliabilities, images, masks
N_PIXELS = 36  # pixels per image (a 6 x 6 grid), each +1 or -1
MEAN_RELIABILITY = 0.75  # average chance that a pixel shows its class template's value
SPREAD = 0.4  # main run: reliabilities spread uniformly over 0.75 +/- 0.2
SPREAD_SWEEP = (0.0, 0.2, 0.4, 0.6, 0.8)  # spreads for the sweep figure
N_REVEALED = 4  # pixels the judge gets to see (2 per debater)
JUDGE_TRAIN_PIXELS = (1, 8)  # the judge trains on images with 1 to 8 random pixels revealed
N_JUDGE_TRAIN = 10_000  # training images for the judge
N_TEST = 2_000  # test images per condition
L2_PENALTY = 1e-4  # ridge penalty of the judge's logistic regression
NEWTON_STEPS = 12  # Newton iterations for the judge's fit

rng = np.random.default_rng(SEED)
templates = rng.choice([-1.0, 1.0], (2, N_PIXELS))  # one template per class
reliability_shape = rng.uniform(-1.0, 1.0, N_PIXELS)  # which pixels are more or less reliable

# %% [markdown]
# ## Images and the judge
#
# The judge sees an image as 36 numbers: the pixel's value where revealed, 0 where hidden. Its
# logistic regression gives `P(class 1) = sigmoid(w . revealed + b)`, so each revealed pixel adds
# `w[j] * pixel[j]` to the judge's log-odds for class 1: that is the pixel's weight as evidence.


# %%
def make_images(n, spread):
    reliability = MEAN_RELIABILITY + 0.5 * spread * reliability_shape
    y = rng.integers(0, 2, n)
    keep = rng.uniform(size=(n, N_PIXELS)) < reliability
    return y, np.where(keep, templates[y], -templates[y])


def random_masks(n, low, high):
    counts = rng.integers(low, high + 1, n)
    order = rng.random((n, N_PIXELS)).argsort(axis=1)
    return (order < counts[:, None]).astype(float)  # the first `count` of a random order


def sigmoid(t):
    return 1.0 / (1.0 + np.exp(-t))


def train_judge(spread):
    y, x = make_images(N_JUDGE_TRAIN, spread)
    features = np.hstack(
        [random_masks(N_JUDGE_TRAIN, *JUDGE_TRAIN_PIXELS) * x, np.ones((len(x), 1))]
    )
    w = np.zeros(N_PIXELS + 1)
    for _ in range(NEWTON_STEPS):
        p = sigmoid(features @ w)
        grad = features.T @ (p - y) / len(y) + L2_PENALTY * w
        hess = (features.T * (p * (1 - p))) @ features / len(y) + L2_PENALTY * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w[:N_PIXELS], w[N_PIXELS]


# %% [markdown]
# ## Debaters
#
# A debater arguing for class 1 wants the judge's log-odds up, one arguing for class 0 wants it
# down. On its turn a debater reveals the hidden pixel whose evidence pushes the judge furthest
# its way (greedy play against the fixed judge; Irving et al. searched deeper). A "random"
# debater reveals a hidden pixel at random.


# %%
def reveal(mask, evidence, side):
    """Reveal, in every image, the hidden pixel with the largest evidence towards `side`."""
    score = np.where(mask == 1, -np.inf, side[:, None] * evidence)
    mask[np.arange(len(mask)), score.argmax(axis=1)] = 1


def reveal_random(mask):
    score = np.where(mask == 1, -np.inf, rng.random(mask.shape))
    mask[np.arange(len(mask)), score.argmax(axis=1)] = 1


def evaluate(spread):
    weights, bias = train_judge(spread)
    y, x = make_images(N_TEST, spread)
    evidence = x * weights  # each pixel's push on the judge's log-odds for class 1

    def judge_accuracy(mask):
        return float((((mask * x) @ weights + bias > 0) == y).mean())

    honest = np.where(y == 1, 1.0, -1.0)  # +1 argues for class 1, -1 for class 0
    liar = -honest
    results = {"random": judge_accuracy(random_masks(N_TEST, N_REVEALED, N_REVEALED))}

    debate, ablation = [], []
    for honest_first in (True, False):
        mask, abl_mask = np.zeros_like(x), np.zeros_like(x)
        for turn in range(N_REVEALED):
            honest_turn = (turn % 2 == 0) == honest_first
            reveal(mask, evidence, honest if honest_turn else liar)
            if honest_turn:
                reveal_random(abl_mask)  # ablation: the honest side does not choose
            else:
                reveal(abl_mask, evidence, liar)
        debate.append(judge_accuracy(mask))
        ablation.append(judge_accuracy(abl_mask))
    results["debate"], results["ablation"] = float(np.mean(debate)), float(np.mean(ablation))

    lying = rng.random(N_TEST) < 0.5  # the consultant is assigned the wrong class here
    mask = np.zeros_like(x)
    for _ in range(N_REVEALED):
        reveal(mask, evidence, np.where(lying, liar, honest))
    fooled = ((mask * x) @ weights + bias > 0) != y
    results["consultancy"] = float(1.0 - fooled.mean())
    results["consultancy_fooled_when_lying"] = float(fooled[lying].mean())
    results["all_pixels"] = judge_accuracy(np.ones_like(x))
    return results


# %% [markdown]
# ## Main run and sweep

# %%
main = evaluate(SPREAD)
for name, value in main.items():
    print(f"spread {SPREAD}: {name:30s} {value:.3f}")
sweep = {spread: main if spread == SPREAD else evaluate(spread) for spread in SPREAD_SWEEP}
for spread, r in sweep.items():
    print(
        f"spread {spread:.1f}: random {r['random']:.3f}  debate {r['debate']:.3f}  "
        f"ablation {r['ablation']:.3f}  consultancy {r['consultancy']:.3f}"
    )

# %% [markdown]
# ## Figure
#
# Left: the judge's accuracy with 4 revealed pixels under each protocol, and with every pixel
# revealed for reference. Right: the sweep over how unequal the pixels' reliabilities are.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
ax = axes[0]
labels = [
    "random\npixels",
    "debate",
    "ablation:\nhonest side\nrandom",
    "consultancy",
    "all 36\npixels",
]
values = [main["random"], main["debate"], main["ablation"], main["consultancy"], main["all_pixels"]]
ax.bar(range(len(values)), values, color=["C7", "C0", "C1", "C3", "C2"])
ax.set_xticks(range(len(values)), labels, fontsize=8)
ax.axhline(0.5, color="k", lw=0.6, ls=":")
ax.set_ylim(0, 1.05)
ax.set_ylabel("judge accuracy")
ax.set_title(f"same judge, {N_REVEALED} revealed pixels (spread {SPREAD})")

ax = axes[1]
for key, style, colour, label in (
    ("debate", "o-", "C0", "debate"),
    ("random", "s--", "C7", "random pixels"),
    ("ablation", "^:", "C1", "ablation (honest side random)"),
    ("consultancy", "v-.", "C3", "consultancy"),
):
    values = [sweep[s][key] for s in SPREAD_SWEEP]
    ax.plot(SPREAD_SWEEP, values, style, color=colour, label=label)
ax.set_xlabel("spread of pixel reliabilities (0 = all pixels equally reliable)")
ax.set_ylabel("judge accuracy")
ax.set_ylim(0, 1.05)
ax.legend(fontsize=8)
ax.set_title("debate's advantage and the evidence it can show")
fig.tight_layout()

# %% [markdown]
# ## Reading the result
#
# Debate worked here because a true label has more, and more reliable, pixels supporting it than
# a false one, so the honest debater's best evidence outweighs the liar's best; when every pixel
# is equally reliable, only the count differs and debate helps much less. Remove the
# opponent who answers the liar and the same judge is misled: the liar wins most debates against
# a side that reveals pixels at random, and a lone lying consultant fools the judge almost every
# time. That last number says as much about this judge as about consultancy: it trusts revealed
# pixels as if they were drawn at random and cannot ask about the rest, while the human judges in
# consultancy studies can question the advocate. The toy says nothing about debates in language,
# where a dishonest debater may find arguments that are hard to refute.

# %%
print(f"random_accuracy={main['random']:.3f}")
print(f"debate_accuracy={main['debate']:.3f}")
# Debate's error rate as a share of the error rate with random pixels (below 1: debate helps).
print(f"debate_error_ratio={(1 - main['debate']) / (1 - main['random']):.3f}")
print(f"ablation_accuracy={main['ablation']:.3f}")
equal = sweep[0.0]
print(f"equal_reliability_debate_error_ratio={(1 - equal['debate']) / (1 - equal['random']):.3f}")
print(f"consultancy_accuracy={main['consultancy']:.3f}")
print(f"consultancy_fooled_when_lying={main['consultancy_fooled_when_lying']:.3f}")
print(f"all_pixels_accuracy={main['all_pixels']:.3f}")
for spread, r in sweep.items():
    tag = int(round(spread * 10))
    print(f"sweep_debate_error_ratio_spread_{tag}={(1 - r['debate']) / (1 - r['random']):.3f}")
