"""Automatic links: the first mention of another concept's name, never inside links or code."""

from glossary.link.autolink import Matcher, add_links

NAMES = {"Goodhart's Law": "goodharts-law", "Reward Model": "reward-model",
         "Reward Model Overoptimization": "reward-model-overoptimization",
         "Q-learning": "q-learning", "RLHF": "rlhf"}  # fmt: skip


def link(html: str, wanted=lambda slug: True) -> tuple[str, set[str]]:
    return add_links(html, Matcher(NAMES), wanted, lambda slug: f"../{slug}/")


def test_first_mention_only_and_longest_name_wins():
    html, linked = link("<p>Reward model overoptimization hurts a reward model. RLHF, RLHF.</p>")
    assert html == (
        '<p><a href="../reward-model-overoptimization/" class="autolink">Reward model '
        "overoptimization</a> hurts a "
        '<a href="../reward-model/" class="autolink">reward model</a>. '
        '<a href="../rlhf/" class="autolink">RLHF</a>, RLHF.</p>'
    )
    assert linked == {"reward-model-overoptimization", "reward-model", "rlhf"}


def test_plurals_apostrophes_and_hyphens_match():
    html, linked = link("<p>Goodhart’s law bites reward models; so does Q learning.</p>")
    assert linked == {"goodharts-law", "reward-model", "q-learning"}
    assert '<a href="../reward-model/" class="autolink">reward models</a>' in html


def test_never_inside_links_code_or_other_words():
    html, linked = link(
        '<p><a href="x">RLHF</a> <code>RLHF</code> <pre>RLHF</pre> RLHFs2 QQ-learning</p>'
    )
    assert linked == set()
    assert html.count("autolink") == 0


def test_unwanted_targets_are_skipped():
    _, linked = link("<p>RLHF and Q-learning</p>", wanted=lambda slug: slug != "rlhf")
    assert linked == {"q-learning"}
