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
PROSE = ("summary", "lead", "definition", "analogy", "example", "why_it_matters")
# A 2-3 minute read at the page's 220 words a minute; foundational pages are the lightest.
PROSE_WORDS = (300, 660)
FOUNDATIONAL_MAX_WORDS = 460


def words(text: str) -> int:
    return len(WORDS.findall(text))


def test_corpus_is_clean_without_warnings():
    assert [str(p) for p in CORPUS.problems] == []


def prose_words(concept) -> int:
    return sum(words(getattr(concept, field)) for field in PROSE)


def test_at_least_100_entries_in_nine_tracks_of_five():
    assert len(CONCEPTS) >= 100
    sizes = {}
    for concept in CONCEPTS.values():
        sizes[concept.track] = sizes.get(concept.track, 0) + 1
    assert len(sizes) >= 9
    assert min(sizes.values()) >= 5, sizes


def test_at_least_25_distinct_demos_are_linked():
    assert len({demo for concept in CONCEPTS.values() for demo in concept.demos}) >= 25


@pytest.mark.parametrize("slug", sorted(CONCEPTS))
def test_page_is_a_two_to_three_minute_read(slug):
    concept = CONCEPTS[slug]
    low, high = PROSE_WORDS
    assert low <= prose_words(concept) <= high
    if concept.level == "foundational":
        assert prose_words(concept) <= FOUNDATIONAL_MAX_WORDS


def test_foundational_pages_are_the_lightest():
    by_level = {}
    for concept in CONCEPTS.values():
        by_level.setdefault(concept.level == "foundational", []).append(prose_words(concept))
    mean = {key: sum(counts) / len(counts) for key, counts in by_level.items()}
    assert mean[True] < mean[False]


def test_news_items_are_distinct():
    seen = {}
    for slug, concept in sorted(CONCEPTS.items()):
        for item in concept.news:
            assert item["url"] not in seen, f"{slug} repeats {seen.get(item['url'])}'s news item"
            seen[item["url"]] = slug


def test_every_demo_has_a_claim_file_with_an_ablation():
    """Each demo's claim is data (tests/demos/test_claims.py asserts it on seeds 0, 1 and 2), and at
    least one check is the ablation that switches the claimed cause off."""
    for name, demo in CORPUS.demos.items():
        assert demo.checks is not None, name
        assert any(check.ablation for check in demo.checks.checks), name
        assert any(not check.ablation for check in demo.checks.checks), name


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
