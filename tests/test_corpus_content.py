"""The corpus cannot silently regress: counts, lengths, links and demos for every entry."""

import re
from collections import deque

import pytest

from glossary.corpus import load_corpus
from tests.conftest import ROOT

CORPUS = load_corpus(ROOT)
CONCEPTS = CORPUS.concepts
WORDS = re.compile(r"[\w'’-]+")
MINIMUM_WORDS = {"definition": 150, "analogy": 30, "example": 30, "why_it_matters": 25}


def words(text: str) -> int:
    return len(WORDS.findall(text))


def test_corpus_is_clean_without_warnings():
    assert [str(p) for p in CORPUS.problems] == []


def test_at_least_30_entries_in_six_tracks():
    assert len(CONCEPTS) >= 30
    assert len({c.track for c in CONCEPTS.values()}) >= 6


@pytest.mark.parametrize("slug", sorted(CONCEPTS))
def test_entry_is_complete(slug):
    concept = CONCEPTS[slug]
    for field, minimum in MINIMUM_WORDS.items():
        assert words(getattr(concept, field)) >= minimum, field
    assert not re.search(r"[.!?]\s+\S", concept.summary.strip().rstrip(".")), "one sentence"
    assert words(concept.lead) >= 15
    assert concept.tags
    assert len(concept.related) >= 2
    assert concept.demos and all(demo in CORPUS.demos for demo in concept.demos)
    assert concept.sources


def test_every_demo_is_used_by_a_concept():
    used = {demo for concept in CONCEPTS.values() for demo in concept.demos}
    assert used == set(CORPUS.demos)


def test_every_track_is_reachable_from_every_concept():
    tracks = {c.track for c in CONCEPTS.values()}
    for start in CONCEPTS:
        seen, queue = {start}, deque([start])
        while queue:
            for nxt in CONCEPTS[queue.popleft()].related:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        assert {CONCEPTS[s].track for s in seen} == tracks, start
