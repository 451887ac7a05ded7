# %% [markdown]
# # Training compute against regulatory thresholds: the 6ND rule and its uncertainty
#
# **Concepts shown:** compute governance (training-compute thresholds), the EU AI Act's
# presumption of systemic risk for general-purpose AI models.
#
# Some AI rules use the amount of computation spent on training as a trigger. Article 51(2) of
# the EU AI Act (Regulation (EU) 2024/1689) presumes that a general-purpose AI model has "high
# impact capabilities", and so systemic risk, when the cumulative computation used for its
# training is greater than 10^25 floating-point operations (FLOP). The US Executive Order 14110
# of 30 October 2023 required reports on models trained with more than 10^26 operations; it was
# revoked on 20 January 2025 by Executive Order 14148, so that line is shown here for
# comparison only.
#
# Nobody counts the operations one by one. The usual estimate is **C ≈ 6·N·D**: N is the number
# of parameters, D the number of training tokens, and 6 counts about 2 operations per parameter
# per token for the forward pass and 4 for the backward pass (Kaplan et al. 2020; Hoffmann et
# al. 2022). An outsider who does not know N and D uses the hardware instead: number of chip-hours
# × peak operations per second of the chip × the share of that peak the training run actually
# achieved (its utilisation).
#
# **What you'll see:** (1) how far 6ND is from a count that includes attention, across model
# widths and context lengths; (2) 6ND and the hardware route against the compute that two model
# developers reported; (3) the probability that a model is above each threshold, given the
# uncertainty of each route, as a function of its central estimate.
#
# This is bookkeeping, not discovery: the probabilities follow from the input ranges, and the
# simulation only propagates them. The ranges come from published figures, and the 6ND error in
# part 1 is computed from a published formula rather than assumed.
#
# **Claim:** with the hardware route (utilisation anywhere in the range published for large
# runs, 21% to 46%, and 80% to 100% of logged chip-hours spent training), a model whose central
# estimate is 0.8 × 10^25 FLOP is above the EU threshold with a probability between 5% and 95%,
# and the central estimates classified with less than 95% confidence either way span a factor of
# at least 1.8. Ablation (same samples, N and D known, only the gap between 6ND and the count
# with attention left uncertain): the same model is above the threshold with probability at most
# 1%, and the uncertain band spans a factor of at most 1.1.
#
# Sources: J. Kaplan et al., [Scaling Laws for Neural Language
# Models](https://arxiv.org/abs/2001.08361), 2020 (C ≈ 6N, forward pass ≈ 2N + 2·n_layer·n_ctx·d);
# J. Hoffmann et al., [Training Compute-Optimal Large Language
# Models](https://arxiv.org/abs/2203.15556), 2022; T. Brown et al., [Language Models are Few-Shot
# Learners](https://arxiv.org/abs/2005.14165), 2020 (GPT-3: 3.14 × 10^23 FLOP); Llama Team, [The
# Llama 3 Herd of Models](https://arxiv.org/abs/2407.21783), 2024 (405B: 3.8 × 10^25 FLOP, 15.6T
# tokens, 38–43% utilisation) and the [Llama 3.1 model
# card](https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md)
# (30.84M H100 GPU-hours for 405B); A. Chowdhery et al., [PaLM](https://arxiv.org/abs/2204.02311),
# 2022 (utilisation 46.2% for PaLM, 21.3% for GPT-3); NVIDIA's H100 SXM specification (1,979
# TFLOP/s BF16 with sparsity, half that dense); [Regulation (EU)
# 2024/1689](https://eur-lex.europa.eu/eli/reg/2024/1689/oj), Article 51; [Executive Order
# 14110](https://www.federalregister.gov/documents/2023/11/01/2023-24283/safe-secure-and-trustworthy-development-and-use-of-artificial-intelligence)
# and [Executive Order
# 14148](https://www.federalregister.gov/documents/2025/01/28/2025-01901/initial-rescissions-of-harmful-executive-orders-and-actions).

# %%
import os

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # master seed; every generator derives from it
EU_THRESHOLD = 1e25  # AI Act Art. 51(2): presumption of high-impact capabilities, in FLOP
US_EO_THRESHOLD = 1e26  # EO 14110 reporting threshold (order revoked 20 Jan 2025)
SAMPLES = 100_000  # Monte Carlo draws of the uncertain inputs (shared by every estimate)
H100_PEAK = 989e12  # NVIDIA H100 SXM dense BF16 peak, FLOP per second
UTILISATION_RANGE = (0.21, 0.46)  # published: GPT-3 21.3% ... PaLM 46.2% (Chowdhery et al.)
PRODUCTIVE_RANGE = (0.8, 1.0)  # share of logged chip-hours that was useful training
ASPECT_RANGE = (64, 200)  # width / depth (d_model / n_layer); GPT-3 and Llama 3 are near 128
CONTEXT_RANGE = (2048, 8192)  # pretraining context lengths (GPT-3: 2048; Llama 3: 8192)
TOKENS_PER_PARAM = 20  # D = 20 N ("compute-optimal" ratio) to turn a compute level into N, D
NEAR_MODEL = 0.8e25  # central estimate of the near-threshold model, FLOP
CENTRALS = np.logspace(24, 27, 61)  # central estimates swept for the probability curves (figure)
CONFIDENCE = 0.95  # "classified with confidence": P(above) >= 95% or <= 5%

# %% [markdown]
# ## 1. How good is 6ND?
#
# Kaplan et al. count a forward pass of a transformer as about 2N + 2·n_layer·n_ctx·d
# operations per token: 2N for the weight multiplications, and a term for attention that grows
# with the context length n_ctx (the number of earlier tokens each token attends to) and the
# width d (d_model). The backward pass costs about twice the forward pass. With the standard
# shape, N ≈ 12·n_layer·d², so the full count divided by 6ND is about 1 + n_ctx / (12·d).
# (Hoffmann et al. count the attention operations in more detail, which roughly doubles the
# attention term; we use Kaplan et al.'s simpler count throughout.)

# %%


def count_over_6nd(d_model, n_ctx):
    """Training FLOP with the attention term, divided by 6ND (standard shape, N = 12 L d^2)."""
    return 1.0 + n_ctx / (12.0 * d_model)


widths = [2048, 4096, 8192, 16384]
contexts = 2 ** np.arange(11, 18)  # 2k ... 128k tokens
print("full count / 6ND   context:" + "".join(f"{c // 1024:>7d}k" for c in contexts))
for d in widths:
    ratios = "".join(f"{count_over_6nd(d, c):8.3f}" for c in contexts)
    print(f"d_model = {d:>6d}            " + ratios)

# %% [markdown]
# ## 2. Two models with published compute
#
# The published figures are themselves usually computed with 6ND, so agreement here checks
# only that the rule was applied consistently, not that it is exact. The hardware route is more
# telling: for Llama 3.1 405B, the logged GPU-hours × the H100 peak × the utilisation the paper
# reports for its main runs (38–43%) lands 10–25% above the reported compute, presumably because
# the logged hours also cover time not spent at that speed (restarts, other training stages).

# %%
gpt3_6nd = 6 * 175e9 * 300e9
gpt3_reported = 3.14e23
llama_6nd = 6 * 405e9 * 15.6e12
llama_reported = 3.8e25
llama_hours = 30.84e6
llama_hw_low = llama_hours * 3600 * H100_PEAK * 0.38
llama_hw_high = llama_hours * 3600 * H100_PEAK * 0.43
print(f"GPT-3 175B:     6ND = {gpt3_6nd:.3g}, reported {gpt3_reported:.3g} FLOP")
print(f"Llama 3.1 405B: 6ND = {llama_6nd:.3g}, reported {llama_reported:.3g} FLOP")
print(f"Llama 3.1 405B hardware route at 38-43%: {llama_hw_low:.3g} to {llama_hw_high:.3g}")
implied = llama_reported / (llama_hours * 3600 * H100_PEAK)
print(f"implied average utilisation over logged hours: {implied:.3f}")
for name, flop in [("GPT-3 175B", gpt3_reported), ("Llama 3.1 405B", llama_reported)]:
    eu, us = flop > EU_THRESHOLD, flop > US_EO_THRESHOLD
    print(f"{name}: above 1e25 (EU presumption) = {eu}, above 1e26 (EO 14110) = {us}")

# %% [markdown]
# ## 3. Probability of being above a threshold
#
# **Hardware route.** An outsider knows the chip-hours and the chip, not the utilisation.
# Published utilisation for large runs ranges from 21.3% (GPT-3) to 46.2% (PaLM), so we draw it
# uniformly from that range, and we let 80–100% of the logged hours count as training. The
# *central estimate* uses the middle of both ranges.
#
# **Ablation: architecture route with N and D known.** The same draws, but the developer
# discloses N and D, so 6ND is exact and only the gap to the fuller count remains uncertain: we
# draw a plausible shape (width-to-depth ratio) for that N and a pretraining context length, and
# multiply 6ND by the factor from part 1. The central estimate is 6ND itself.

# %%
rng = np.random.default_rng(SEED)
u = rng.uniform(*UTILISATION_RANGE, SAMPLES)  # utilisation
productive = rng.uniform(*PRODUCTIVE_RANGE, SAMPLES)
aspect = rng.uniform(*ASPECT_RANGE, SAMPLES)
n_ctx = np.exp(rng.uniform(np.log(CONTEXT_RANGE[0]), np.log(CONTEXT_RANGE[1]), SAMPLES))
hardware_factor = (u * productive) / (np.mean(UTILISATION_RANGE) * np.mean(PRODUCTIVE_RANGE))


def architecture_factor(central):
    """Full count / 6ND for draws of shape and context, for a model whose 6ND is `central`."""
    n_params = np.sqrt(central / (6 * TOKENS_PER_PARAM))
    d_model = np.cbrt(n_params * aspect / 12.0)  # from N = 12 * (d / aspect) * d^2
    return count_over_6nd(d_model, n_ctx)


def p_above(samples, threshold):
    return float(np.mean(samples > threshold))


def uncertain_band(factor):
    """Range of central estimates whose P(above) lies strictly between 5% and 95%, as a ratio.

    P(central x factor > T) is between 5% and 95% exactly when T / central lies between the
    5th and 95th percentiles of the factor, so the band spans their ratio.
    """
    low, high = np.quantile(factor, [1 - CONFIDENCE, CONFIDENCE])
    return float(high / low)


hardware_sorted = np.sort(hardware_factor)
curves = {}
for threshold in (EU_THRESHOLD, US_EO_THRESHOLD):
    # P(c * F > T) = share of factors above T / c; a sorted copy makes this one search per c.
    above = SAMPLES - np.searchsorted(hardware_sorted, threshold / CENTRALS, side="right")
    curves[("hardware", threshold)] = above / SAMPLES
    curves[("architecture", threshold)] = np.array(
        [p_above(c * architecture_factor(c), threshold) for c in CENTRALS]
    )

near_hw = NEAR_MODEL * hardware_factor
near_arch = NEAR_MODEL * architecture_factor(NEAR_MODEL)
hw_p_near = p_above(near_hw, EU_THRESHOLD)
arch_p_near = p_above(near_arch, EU_THRESHOLD)
hw_band = uncertain_band(hardware_factor)
arch_band = uncertain_band(architecture_factor(EU_THRESHOLD))  # shapes of a model near the line
just_under = 0.97e25  # a model whose 6ND estimate sits 3% under the EU line
arch_p_just_under = p_above(just_under * architecture_factor(just_under), EU_THRESHOLD)

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
for d in widths:
    axes[0].plot(contexts, [count_over_6nd(d, c) for c in contexts], "o-", label=f"d_model {d}")
axes[0].set_xscale("log", base=2)
axes[0].set_xlabel("context length (tokens)")
axes[0].set_ylabel("count with attention / 6ND")
axes[0].set_title("6ND leaves out attention")
axes[0].legend(fontsize=8)
for (route, threshold), curve in curves.items():
    style = "-" if route == "hardware" else "--"
    name = "EU 1e25" if threshold == EU_THRESHOLD else "EO 14110 1e26 (revoked)"
    axes[1].plot(CENTRALS, curve, style, label=f"{route} route, {name}")
for threshold in (EU_THRESHOLD, US_EO_THRESHOLD):
    axes[1].axvline(threshold, color="grey", lw=0.8)
axes[1].axvline(NEAR_MODEL, color="red", ls=":", lw=1, label="near-threshold model")
axes[1].set_xscale("log")
axes[1].set_xlabel("central estimate of training compute (FLOP)")
axes[1].set_ylabel("probability of being above the threshold")
axes[1].set_title("where a classification is uncertain")
axes[1].legend(fontsize=7)
bins = np.linspace(24.4, 25.3, 60)
axes[2].hist(np.log10(near_hw), bins=bins, alpha=0.6, density=True, label="hardware route")
axes[2].hist(
    np.log10(near_arch), bins=bins, alpha=0.6, density=True, label="architecture (ablation)"
)
axes[2].axvline(np.log10(EU_THRESHOLD), color="k", lw=1, label="EU threshold")
axes[2].set_xlabel("log10 training FLOP, model with central estimate 0.8e25")
axes[2].set_title("one model, two ways to estimate")
axes[2].legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# ## What the numbers say
#
# * With N and D known, 6ND is within about 10% of a count that includes attention at the
#   context lengths used for most pretraining (2k to 8k tokens on wide models), so it is a sound
#   rule there. At very long
#   contexts on narrow models the attention term is no longer small.
# * From the outside, the utilisation is the weak link. Its published range alone spans more
#   than a factor of two, so a model anywhere from roughly 0.6 to 1.5 times the threshold cannot
#   be placed on either side of it with confidence. Its developer, who knows N and D, can.
# * Because 6ND leaves out attention, a model whose 6ND estimate sits a few percent under the
#   line can be over it by the fuller count (printed below as `arch_p_above_eu_just_under`).
#   Which count a rule means matters only in that thin band.
# * The thresholds are far apart compared with these uncertainties: Llama 3.1 405B (3.8 × 10^25)
#   is above the EU presumption and below the revoked US reporting line by either route.

# %%
print(f"six_nd_gap_d4096_ctx2k={count_over_6nd(4096, 2048) - 1:.3f}")
print(f"six_nd_gap_d4096_ctx128k={count_over_6nd(4096, 131072) - 1:.3f}")
print(f"gpt3_6nd_over_reported={gpt3_6nd / gpt3_reported:.3f}")
print(f"llama405b_6nd_over_reported={llama_6nd / llama_reported:.3f}")
print(f"llama405b_hardware_over_reported_low={llama_hw_low / llama_reported:.3f}")
print(f"llama405b_hardware_over_reported_high={llama_hw_high / llama_reported:.3f}")
print(f"llama405b_above_eu={int(llama_reported > EU_THRESHOLD)}")
print(f"llama405b_above_us_eo={int(llama_reported > US_EO_THRESHOLD)}")
print(f"hw_p_above_eu_near={hw_p_near:.3f}")
print(f"hw_uncertain_band_factor={hw_band:.3f}")
print(f"ablation_arch_p_above_eu_near={arch_p_near:.3f}")
print(f"ablation_arch_uncertain_band_factor={arch_band:.3f}")
print(f"arch_p_above_eu_just_under={arch_p_just_under:.3f}")
