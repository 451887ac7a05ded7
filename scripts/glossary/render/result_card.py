"""A demo's result card: its claim, this build's measured values against each check, its key
figure, and how to run or download it."""

from glossary.check.expression import Outcome
from glossary.load.claims import BUILD_SEED, TEST_SEEDS, Check
from glossary.load.demos import Demo
from glossary.render.text import md_escape
from glossary.run.demos import DemoRun


def demo_page_link(name: str, to_root: str) -> str:
    """The Markdown link target of a demo's page, from a page `to_root` below the site root."""
    return f"{to_root}examples/{name}.ipynb"


def _measured(check: Check, outcome: Outcome, results: dict[str, str]) -> str:
    """Every result the check reads, as printed; then each side it computes from them."""
    parts = [f"{name} = {results[name]}" for name in check.comparison.names]
    for operand, value in zip(check.comparison.operands, outcome.values, strict=True):
        if not operand.is_number and operand.text not in results:
            parts.append(f"{operand.shown} = {value:.4g}")
    return md_escape("; ".join(parts))


def _row(check: Check, outcome: Outcome, results: dict[str, str]) -> str:
    says = ("*Ablation:* " if check.ablation else "") + md_escape(check.says)
    mark = (
        '<span class="check-pass">✓ holds</span>'
        if outcome.passed
        else '<span class="check-fail">✗ fails</span>'
    )
    measured = _measured(check, outcome, results)
    return f"| {says} | `{check.comparison.shown}` | {measured} | {mark} |"


def result_card(demo: Demo, run: DemoRun, to_root: str, heading: str = "###") -> list[str]:
    """Markdown lines of the card, for a page `to_root` (e.g. "../") below the site root."""
    folder = f"{to_root}examples/{demo.name}/"
    lines = [
        '<div class="result-card" markdown>',
        "",
        f"{heading} [{md_escape(demo.title)}]({demo_page_link(demo.name, to_root)})",
        "",
    ]
    if demo.claim:
        lines += [f"**Claim:** {md_escape(demo.claim)}", ""]
    figure = run.key_figure
    if figure is not None:
        alt = md_escape(f"Key figure of the demo “{demo.title}”")
        size = f'width="{figure.width}" height="{figure.height}" loading="lazy"'
        lines += [f"![{alt}]({folder}{figure.file_name}){{ {size} }}", ""]
    seeds = ", ".join(map(str, TEST_SEEDS[:-1])) + f" and {TEST_SEEDS[-1]}"
    lines += [
        f"Measured when this site was built, by running the demo with its default seed"
        f" ({BUILD_SEED}); the tests check the same claim on seeds {seeds}.",
        "",
        "| What is checked | Check | Measured | Result |",
        "| --- | --- | --- | --- |",
        *(_row(check, outcome, run.results) for check, outcome in run.verdict.outcomes),
        "",
        f"Run it yourself: `python examples/{demo.name}.py` · Download"
        f" [{demo.name}.py]({folder}{demo.name}.py) or"
        f" [{demo.name}.ipynb]({folder}{demo.name}.ipynb)",
        "",
        "</div>",
    ]
    return lines
