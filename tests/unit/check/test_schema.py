"""The schema is the single definition of the format, and editors can use it (draft-07)."""

import jsonschema

from glossary.check.schema import schema
from tests.conftest import ROOT

SCHEMA_LINE = "# yaml-language-server: $schema=concept.schema.json\n"


def test_schema_is_valid_draft_07():
    assert schema()["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema())


def test_every_field_has_a_description_and_examples_for_hover():
    def fields(props, prefix=""):
        for name, spec in props.items():
            yield prefix + name, spec
            nested = spec.get("items", {}).get("properties")
            if nested:
                yield from fields(nested, f"{prefix}{name}.")

    lacking = [
        n
        for n, spec in fields(schema()["properties"])
        if not (spec.get("description") and spec.get("examples"))
    ]
    assert lacking == []


def test_every_entry_names_the_schema_on_its_first_line():
    entries = sorted((ROOT / "concepts").glob("*.yaml"))
    assert entries
    for entry in entries:
        with entry.open(encoding="utf-8") as handle:
            assert handle.readline() == SCHEMA_LINE, entry.name
