"""The compiled fast path of the schema check never changes what an author is told.

check/schema.py first asks fastjsonschema "valid or not" and only runs jsonschema (whose
errors carry the positions and wording) when the answer is no. These tests pin that the fast
path never accepts an entry that jsonschema rejects, on every entry the project knows and on
edge cases where the two libraries could plausibly disagree.
"""

import copy

import pytest

from glossary.check import schema
from glossary.load.safe_yaml import decode, parse
from tests.conftest import FIXTURE, ROOT

ENTRIES = sorted(
    [
        *(ROOT / "concepts").glob("*.yaml"),
        *(ROOT / "tests" / "bad_entries").glob("*.yaml"),
        *(ROOT / "tests" / "good_entries").glob("*.yaml"),
        *(FIXTURE / "concepts").glob("*.yaml"),
    ]
)


def slow_problems(parsed, shown):
    """What check() reports with the fast path switched off: jsonschema alone."""
    fast = schema.is_valid
    schema.is_valid = lambda data: False
    try:
        return schema.check(parsed, shown)
    finally:
        schema.is_valid = fast


def jsonschema_accepts(data) -> bool:
    return not list(schema._validator().iter_errors(data))


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_path_reports_exactly_what_jsonschema_reports(path):
    text, _ = decode(path.read_bytes(), path.name)
    if text is None:
        pytest.skip("not UTF-8: never reaches the schema")
    parsed = parse(text, path.name)
    assert schema.check(parsed, path.name) == slow_problems(parsed, path.name)
    if isinstance(parsed.data, dict):
        assert schema.is_valid(parsed.data) == jsonschema_accepts(parsed.data)


def _base() -> dict:
    text, _ = decode((ROOT / "concepts" / "goal-misgeneralization.yaml").read_bytes(), "g")
    data = parse(text, "g").data
    assert schema.is_valid(data)
    return data


EDGE_CASES = {
    "integral float year": lambda d: d["sources"][0].update(year=2022.0),
    "boolean year": lambda d: d["sources"][0].update(year=True),
    "year out of range": lambda d: d["sources"][0].update(year=1800),
    "date with trailing newline": lambda d: d.update(added="2026-01-02\n"),
    "non-ASCII digits in date": lambda d: d.update(added="２０２６-01-02"),
    "duplicate tag": lambda d: d["tags"].append(d["tags"][0]),
    "number in tags": lambda d: d["tags"].append(1),
    "empty related": lambda d: d.update(related=[]),
    "null news": lambda d: d.update(news=None),
    "autolink as text": lambda d: d.update(autolink="false"),
    "unknown nested field": lambda d: d["sources"][0].update(doi="10.1/x"),
    "summary too long": lambda d: d.update(summary="x" * 201),
    "title too short": lambda d: d.update(title="x"),
    "level in capitals": lambda d: d.update(level="Advanced"),
    "javascript url": lambda d: d["sources"][0].update(url="javascript:alert(1)"),
    "url with a space": lambda d: d["sources"][0].update(url="https://a.org/x y"),
}


@pytest.mark.parametrize("change", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_fast_path_never_accepts_what_jsonschema_rejects(change):
    data = copy.deepcopy(_base())
    change(data)
    if schema.is_valid(data):
        assert jsonschema_accepts(data)
