"""A demo's claim checks: comparisons over its result names, parsed safely and evaluated.

A check is one line such as `true_at_max_n < 0.5 * true_at_peak` or `1 < true_peak_n < max_n`:
result names, numbers, `+ - * /`, `min(...)` and `max(...)`, and the comparisons
`< <= > >= ==` (chained as in Python).
Nothing else parses, so a claim file can never run code.
"""

import ast
import operator
from dataclasses import dataclass

_COMPARE = {
    ast.Lt: (operator.lt, "<"),
    ast.LtE: (operator.le, "≤"),
    ast.Gt: (operator.gt, ">"),
    ast.GtE: (operator.ge, "≥"),
    ast.Eq: (operator.eq, "="),
}
_ARITHMETIC = {
    ast.Add: (operator.add, "+"),
    ast.Sub: (operator.sub, "−"),
    ast.Mult: (operator.mul, "×"),
    ast.Div: (operator.truediv, "/"),
}

_FUNCTIONS = {"min": min, "max": max}
_TIGHTNESS = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}


class CheckSyntaxError(ValueError):
    """A check that is not a comparison of result names and numbers; `col` is 1-based."""

    def __init__(self, message: str, col: int):
        super().__init__(message)
        self.col = col


class _Unsupported(Exception):
    """Something a check may not contain, at this node."""

    def __init__(self, message: str, node: ast.AST):
        super().__init__(message)
        self.node = node


@dataclass(frozen=True)
class Operand:
    """One side of a comparison: its source text, how a reader sees it, and its syntax tree."""

    text: str
    shown: str
    node: ast.expr

    @property
    def is_number(self) -> bool:
        """A plain number (a threshold), not something measured."""
        return isinstance(self.node, ast.Constant) or (
            isinstance(self.node, ast.UnaryOp) and isinstance(self.node.operand, ast.Constant)
        )


@dataclass(frozen=True)
class Comparison:
    """A parsed check: operands joined by comparison signs, and the result names it reads."""

    text: str
    operands: tuple[Operand, ...]
    signs: tuple[type, ...]
    names: tuple[str, ...]

    @property
    def shown(self) -> str:
        """The check as a reader sees it: `true_at_max_n < 0.5 × true_at_peak`."""
        parts = [self.operands[0].shown]
        for sign, operand in zip(self.signs, self.operands[1:], strict=True):
            parts += [_COMPARE[sign][1], operand.shown]
        return " ".join(parts)


def _shown(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Constant):
        return f"{node.value:g}" if isinstance(node.value, float) else str(node.value)
    if isinstance(node, ast.UnaryOp):
        return "−" + _shown(node.operand)
    if isinstance(node, ast.Call):
        return f"{node.func.id}({', '.join(_shown(arg) for arg in node.args)})"
    if isinstance(node, ast.BinOp):
        sign = _ARITHMETIC[type(node.op)][1]
        return f"{_operand(node.left, node, False)} {sign} {_operand(node.right, node, True)}"
    raise AssertionError(node)  # _validate lets nothing else through


def _operand(child: ast.expr, parent: ast.BinOp, right: bool) -> str:
    """A side of an arithmetic operation, in brackets where the reading would change without."""
    text = _shown(child)
    if not isinstance(child, ast.BinOp):
        return text
    weaker = _TIGHTNESS[type(child.op)] < _TIGHTNESS[type(parent.op)]
    # a - (b - c) and a / (b * c) need their brackets; a + (b + c) does not, but keeps them.
    same_on_right = right and _TIGHTNESS[type(child.op)] == _TIGHTNESS[type(parent.op)]
    return f"({text})" if weaker or same_on_right else text


def _validate(node: ast.expr, names: list[str]) -> None:
    """Accept names, numbers and arithmetic only; note the names in order of appearance."""
    if isinstance(node, ast.Name):
        if node.id not in names:
            names.append(node.id)
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise _Unsupported(f"only numbers and result names, not {node.value!r}", node)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _validate(node.operand, names)
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        _validate(node.left, names)
        _validate(node.right, names)
    elif _is_min_or_max(node):
        for arg in node.args:
            _validate(arg, names)
    else:
        msg = "only result names, numbers, + - * / and min(...) or max(...) may appear here"
        raise _Unsupported(msg, node)


def _is_min_or_max(node: ast.expr) -> bool:
    """min(a, b, ...) or max(a, b, ...) of two or more plain arguments."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and len(node.args) >= 2
        and not node.keywords
        and not any(isinstance(arg, ast.Starred) for arg in node.args)
    )


def parse_check(text: str) -> Comparison:
    """Parse one check; raise CheckSyntaxError (with its column) if it is not one."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as error:
        # At the end of the text, Python gives no column: point just past it.
        col = error.offset or len(text.strip()) + 1
        raise CheckSyntaxError(f"not a comparison: {error.msg}", col) from None
    try:
        if not isinstance(tree, ast.Compare):
            raise _Unsupported("a check compares: use one of < <= > >= ==", tree)
        for op in tree.ops:
            if type(op) not in _COMPARE:
                raise _Unsupported("a check compares with < <= > >= == only", tree)
        names: list[str] = []
        nodes = [tree.left, *tree.comparators]
        for node in nodes:
            _validate(node, names)
    except _Unsupported as error:
        raise CheckSyntaxError(str(error), error.node.col_offset + 1) from None
    source = text.strip()
    operands = tuple(
        Operand(ast.get_source_segment(source, node) or "", _shown(node), node) for node in nodes
    )
    return Comparison(source, operands, tuple(type(op) for op in tree.ops), tuple(names))


def _value(node: ast.expr, results: dict[str, float]) -> float:
    if isinstance(node, ast.Name):
        return results[node.id]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp):
        return -_value(node.operand, results)
    if isinstance(node, ast.Call):
        return _FUNCTIONS[node.func.id](_value(arg, results) for arg in node.args)
    apply = _ARITHMETIC[type(node.op)][0]
    return apply(_value(node.left, results), _value(node.right, results))


@dataclass(frozen=True)
class Outcome:
    """A check evaluated on one run: whether it held, and the value of every operand."""

    comparison: Comparison
    values: tuple[float, ...]
    passed: bool


def evaluate(comparison: Comparison, results: dict[str, float]) -> Outcome:
    """Evaluate the check on a run's numeric results (every name must be among them)."""
    values = tuple(_value(op.node, results) for op in comparison.operands)
    passed = all(
        _COMPARE[sign][0](left, right)
        for sign, left, right in zip(comparison.signs, values, values[1:], strict=False)
    )
    return Outcome(comparison, values, passed)
