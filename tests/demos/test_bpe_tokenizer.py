"""Claim: a BPE tokenizer trained on language A needs >3x the tokens per character on language B.

With 300 merges learned on language A, fresh text in language B (same alphabet, other
syllables) takes more than 3 times as many tokens per character as fresh text in A. Ablation
(same seed, the 300 merges learned on the same number of words, half A and half B): the ratio
lies between 0.8 and 1.25.
"""

import pytest

from tests.demos.demo_runner import SEEDS, run_demo


@pytest.mark.parametrize("seed", SEEDS)
def test_bpe_tokenizer(seed):
    r = run_demo("bpe_tokenizer", seed)
    # The merges compress the language they were learned on (1.0 = one token per character).
    assert r["tokens_per_char_a"] < 0.5
    # Effect present: the other language, in the same alphabet, is cut into many more tokens.
    assert r["ratio_b_over_a"] > 3
    # Effect absent when the tokenizer's training text covers both languages equally: the
    # same merge budget then serves both about equally well.
    assert 0.8 < r["ablation_ratio_b_over_a"] < 1.25
