"""Check an entry against concepts/concept.schema.json and word each failure for an author."""

import difflib
import json
from functools import lru_cache

import fastjsonschema
import jsonschema

from glossary import ROOT
from glossary.load.safe_yaml import Parsed
from glossary.problems import Problem

SCHEMA_PATH = ROOT / "concepts" / "concept.schema.json"

# What a failed `pattern` means, by the last named key of the path.
_PATTERN_HINTS = {
    "added": "must be a date written YYYY-MM-DD",
    "date": "must be a date written YYYY-MM-DD",
    "url": "must be an http:// or https:// address",
    "tags": "must be lowercase words joined by hyphens, like 'reward-modeling'",
    "related": "must be a concept slug: lowercase letters, digits and hyphens",
    "prerequisites": "must be a concept slug: lowercase letters, digits and hyphens",
    "demos": "must be a demo name (examples/NAME.py): lowercase letters, digits and underscores",
}
_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "boolean": "true or false",
}


@lru_cache(maxsize=1)
def schema() -> dict:
    """The entry schema, read once."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema())


@lru_cache(maxsize=1)
def _fast_validate():
    """The schema compiled to Python code: about 20 times faster than jsonschema on a valid entry.

    It only answers "valid or not"; the errors of an invalid entry come from jsonschema, whose
    error objects carry what the messages need (path, keyword, expected value).
    """
    return fastjsonschema.compile(schema())


def is_valid(data) -> bool:
    """True when data matches the schema (fast path; never raises)."""
    try:
        _fast_validate()(data)
    except Exception:  # a schema failure, or anything the compiled code did not expect
        return False
    return True


def field_name(path: tuple) -> str:
    """`sources[1].url` for the path ('sources', 1, 'url')."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "the entry"


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return {str: "text", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def _last_key(path: tuple) -> str:
    return next((p for p in reversed(path) if isinstance(p, str)), "")


def check(parsed: Parsed, path: str) -> list[Problem]:
    """Every schema failure of one parsed entry, positioned at the offending key or value."""
    data = parsed.data
    if data is None:
        return [
            Problem(
                path, 1, 1, "file is empty; create entries with scripts/new_concept.py", "empty"
            )
        ]
    if not isinstance(data, dict):
        line, col = parsed.values.get((), (1, 1))
        kind = _type_name(data)
        msg = f"the file must be a mapping of fields (title: ..., summary: ...), not {kind}"
        return [Problem(path, line, col, msg, "type")]
    if is_valid(data):
        return []
    problems = []
    for err in _validator().iter_errors(data):
        problems.extend(_explain(err, parsed, path))
    return problems


def _position(parsed: Parsed, where: tuple) -> tuple[int, int]:
    while where and where not in parsed.values:
        where = where[:-1]
    return parsed.values.get(where, (1, 1))


def _explain(err: jsonschema.ValidationError, parsed: Parsed, path: str) -> list[Problem]:
    where = tuple(err.absolute_path)
    name = field_name(where)
    kind = err.validator
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        out = []
        for key in sorted(set(err.instance) - set(allowed)):
            hint = difflib.get_close_matches(key, allowed, n=1)
            tip = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(allowed)}"
            line, col = parsed.keys.get(where + (key,), _position(parsed, where))
            out.append(Problem(path, line, col, f"unknown field '{key}'{tip}", "unknown-field"))
        return out
    if kind == "required":
        missing = err.message.split("'")[1]
        line, col = _position(parsed, where)
        inside = f" in {name}" if where else ""
        return [Problem(path, line, col, f"missing required field '{missing}'{inside}", "required")]
    line, col = _position(parsed, where)
    if kind == "type":
        expected = _TYPE_NAMES.get(err.validator_value, err.validator_value)
        msg = f"{name} must be {expected}, not {_type_name(err.instance)}"
    elif kind == "enum":
        options = ", ".join(map(str, err.validator_value))
        msg = f"{name} must be one of {options}; got '{err.instance}'"
    elif kind == "pattern":
        hint = _PATTERN_HINTS.get(_last_key(where), f"must match {err.validator_value}")
        msg = f"{name} {hint}; got '{err.instance}'"
    elif kind == "maxLength":
        msg = f"{name} is {len(err.instance)} characters; at most {err.validator_value} allowed"
    elif kind == "minLength":
        msg = f"{name} is too short: at least {err.validator_value} characters"
    elif kind == "minItems":
        msg = f"{name} needs at least {err.validator_value} item(s)"
    elif kind == "uniqueItems":
        msg = f"{name} lists the same item twice"
    elif kind in ("minimum", "maximum"):
        msg = f"{name} is out of range: {err.message}"
    else:
        msg = f"{name}: {err.message}"
    return [Problem(path, line, col, msg, kind)]
