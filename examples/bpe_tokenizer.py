# %% [markdown]
# # Tokenization with byte-pair encoding, and who pays for it
#
# **Concepts shown:** tokenization, byte-pair encoding (BPE), the tokenizer's training data,
# unequal token counts across languages.
#
# Language models do not read letters or words: they read **tokens**, pieces of text from a
# fixed vocabulary, and everything they cost (context length, compute, price per request) is
# counted in tokens. Most tokenizers are built with byte-pair encoding, introduced for
# translation by Sennrich et al. (2016), [*Neural machine translation of rare words with
# subword units*](https://arxiv.org/abs/1508.07909): start from single characters and, again
# and again, merge the pair of adjacent symbols that occurs most often in a training corpus
# into a new symbol. Frequent words end up as one token; rare words are split into pieces.
#
# Because the merges follow the training corpus, text unlike that corpus is split into more,
# shorter pieces. Petrov et al. (2023), [*Language model tokenizers introduce unfairness
# between languages*](https://arxiv.org/abs/2305.15425), measured this across real languages:
# the same content can take several times as many tokens in one language as in another.
#
# Here two invented languages, A and B, share one alphabet but have their own syllables and
# their own vocabularies of 400 words with Zipf-like frequencies. We learn 300 BPE merges from
# 20,000 words of A and count tokens per character on fresh text of A and of B. The ablation
# changes only what the tokenizer was trained on: the same number of words and merges, but
# half from A and half from B.
#
# **What you'll see:** the A-trained tokenizer learns A's syllables and whole common words, so
# A text needs few tokens per character, while B text, in the same alphabet, is cut into many
# more, shorter pieces. A tokenizer trained on both languages treats them about equally.
#
# **Claim:** with 300 merges learned on language A, fresh text in language B needs more than
# 3 times as many tokens per character as fresh text in A. Ablation on the same seed, with the
# 300 merges learned on the same number of words drawn half from A and half from B: the ratio
# lies between 0.8 and 1.25.

# %%
import os
from collections import Counter

import matplotlib.pyplot as plt
import numpy as np

# %%
SEED = int(os.environ.get("DEMO_SEED", "0"))  # seeds both languages and every text sample
LETTERS = "abdefghiklmnoprstuvz"  # the shared alphabet
SYLLABLES_PER_LANGUAGE = 24  # each language uses its own random set of syllables
WORDS_PER_LANGUAGE = 400  # vocabulary size of each language
ZIPF_EXPONENT = 1.0  # word k of a language is used with frequency proportional to k^(-1)
TRAIN_WORDS = 20_000  # words of text the tokenizer is trained on
TEST_WORDS = 5_000  # fresh words of text per language for measuring
MERGES = 300  # BPE merges to learn (the vocabulary grows by one symbol per merge)
END = "_"  # marks the end of a word (stands for the space after it)

rng = np.random.default_rng(SEED)


# %% [markdown]
# ## Two invented languages
#
# A syllable is a consonant and a vowel, sometimes followed by a second consonant. Each
# language picks its own syllables from the shared letters, builds 400 words of one to three
# syllables, and uses them with Zipf-like frequencies.


# %%
def make_language(generator):
    vowels, consonants = "aeiou", [c for c in LETTERS if c not in "aeiou"]
    syllables = set()
    while len(syllables) < SYLLABLES_PER_LANGUAGE:
        s = generator.choice(consonants) + generator.choice(list(vowels))
        if generator.random() < 0.3:
            s += generator.choice(consonants)
        syllables.add(s)
    syllables = sorted(syllables)
    words = set()
    while len(words) < WORDS_PER_LANGUAGE:
        n = generator.integers(1, 4)
        words.add("".join(generator.choice(syllables, size=n)))
    words = sorted(words)
    generator.shuffle(words)  # which words are common is random too
    frequency = np.arange(1, WORDS_PER_LANGUAGE + 1, dtype=float) ** -ZIPF_EXPONENT
    return {"syllables": syllables, "words": words, "p": frequency / frequency.sum()}


def text(language, n_words, generator):
    """Word counts of a random text of n_words words."""
    picks = generator.choice(WORDS_PER_LANGUAGE, size=n_words, p=language["p"])
    return Counter(language["words"][i] for i in picks)


lang_a, lang_b = make_language(rng), make_language(rng)
shared = len(set(lang_a["syllables"]) & set(lang_b["syllables"]))
print(f"language A syllables: {' '.join(lang_a['syllables'])}")
print(f"language B syllables: {' '.join(lang_b['syllables'])}  ({shared} shared with A)")

train_a = text(lang_a, TRAIN_WORDS, rng)
train_mixed = text(lang_a, TRAIN_WORDS // 2, rng) + text(lang_b, TRAIN_WORDS // 2, rng)
test_a, test_b = text(lang_a, TEST_WORDS, rng), text(lang_b, TEST_WORDS, rng)

# %% [markdown]
# ## Byte-pair encoding
#
# Training: every word (with its end marker) starts as a sequence of single characters. Count
# every adjacent pair of symbols over the corpus, merge the most frequent pair everywhere
# (ties broken alphabetically, so the result is deterministic), record the merge, and repeat.
# Encoding new text: split each word into characters and apply the recorded merges in the
# order they were learned.


# %%
def merge_pair(symbols, pair):
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def train_bpe(word_counts, n_merges):
    corpus = {tuple(word + END): count for word, count in word_counts.items()}
    merges = []
    for _ in range(n_merges):
        pairs = Counter()
        for symbols, count in corpus.items():
            for pair in zip(symbols, symbols[1:], strict=False):
                pairs[pair] += count
        if not pairs:
            break
        best = max(pairs, key=lambda pair: (pairs[pair], pair))
        merges.append(best)
        corpus = {merge_pair(symbols, best): count for symbols, count in corpus.items()}
    return merges


def encode(word, ranks):
    symbols = tuple(word + END)
    while len(symbols) > 1:
        candidates = [pair for pair in zip(symbols, symbols[1:], strict=False) if pair in ranks]
        if not candidates:
            break
        symbols = merge_pair(symbols, min(candidates, key=ranks.get))
    return symbols


def tokens_per_char(word_counts, merges):
    ranks = {pair: i for i, pair in enumerate(merges)}
    tokens = sum(len(encode(word, ranks)) * count for word, count in word_counts.items())
    chars = sum((len(word) + 1) * count for word, count in word_counts.items())
    return tokens / chars


tokenizers = {
    "trained on A": train_bpe(train_a, MERGES),
    "trained on A+B": train_bpe(train_mixed, MERGES),
}
results = {
    name: {"A": tokens_per_char(test_a, merges), "B": tokens_per_char(test_b, merges)}
    for name, merges in tokenizers.items()
}
for name, merges in tokenizers.items():
    ranks = {pair: i for i, pair in enumerate(merges)}
    common_a = max(test_a, key=test_a.get)
    common_b = max(test_b, key=test_b.get)
    print(
        f"{name}: A word {common_a!r} -> {'|'.join(encode(common_a, ranks))}, "
        f"B word {common_b!r} -> {'|'.join(encode(common_b, ranks))}"
    )

# %% [markdown]
# ## Figure
#
# Tokens per character on fresh text, as merges are added (1.0 means one token per
# character, no compression at all). Left: the tokenizer trained on A. Right: trained on
# both.

# %%
checkpoints = [0, 25, 50, 100, 150, 200, 250, 300]
fig, axes = plt.subplots(1, 2, figsize=(12, 4.2), sharey=True)
for ax, (name, merges) in zip(axes, tokenizers.items(), strict=True):
    for label, sample in (("language A", test_a), ("language B", test_b)):
        curve = [tokens_per_char(sample, merges[:m]) for m in checkpoints]
        ax.plot(checkpoints, curve, "o-", label=label)
    ax.set_title(f"tokenizer {name}")
    ax.set_xlabel("BPE merges learned")
    ax.legend()
axes[0].set_ylabel("tokens per character (fresh text)")
fig.tight_layout()

# %%
main, ablation = results["trained on A"], results["trained on A+B"]
print(f"merges={MERGES}")
print(f"syllables_shared={shared}")
print(f"tokens_per_char_a={main['A']:.3f}")
print(f"tokens_per_char_b={main['B']:.3f}")
print(f"ratio_b_over_a={main['B'] / main['A']:.3f}")
print(f"ablation_tokens_per_char_a={ablation['A']:.3f}")
print(f"ablation_tokens_per_char_b={ablation['B']:.3f}")
print(f"ablation_ratio_b_over_a={ablation['B'] / ablation['A']:.3f}")
