"""Synthetic entries: realistic, valid and warning-free, and the same whatever the corpus size."""

import datetime as dt
import random
import re

TRACKS = ("Alignment failures", "Robustness and generalization",
          "Reinforcement learning foundations", "Safe agents", "Learning from human feedback",
          "Interpretability")  # fmt: skip
TAGS = ("alignment", "generalization", "reinforcement-learning", "robustness", "evaluation",
        "optimization", "interpretability", "reward-modeling", "safety", "theory", "training",
        "deployment", "language-models", "planning", "statistics", "agents")  # fmt: skip
TITLE_WORDS = (
    "adaptive", "latent", "gradient", "sparse", "robust", "causal", "value", "proxy", "shift",
    "drift", "search", "memory", "objective", "prior", "noise", "margin", "horizon", "spectral",
    "mutual", "bounded", "greedy",
    "implicit", "explicit", "dual", "mixed", "sequential", "linear", "stochastic", "conservative",
    "curriculum", "contrastive", "distilled", "ensemble", "inverse", "offline", "online", "shared",
    "temporal", "visual", "verbal", "formal", "learned", "transfer", "sampling", "calibration",
    "attention", "circuit", "probe", "oversight", "debate", "critique", "preference", "imitation",
    "abstraction", "adversarial", "amplification", "anomaly", "bandit", "batch", "belief",
    "boundary", "capacity", "chain", "channel", "compression", "consensus", "constraint",
    "corrigible", "coverage", "decomposition", "delegation", "density", "discount", "embedding",
    "entropy", "episodic", "equilibrium", "exploration", "frontier", "game", "generative",
    "graph", "hierarchy", "incentive", "induction", "inference", "interpolation",
    "kernel", "lattice", "likelihood", "manifold", "mechanism", "mesa", "meta", "modular",
    "monitoring", "myopic", "neuron", "norm", "ontology", "outlier", "parity", "planning",
    "pruning", "quantile", "recurrent", "redundancy", "regret", "relay", "reset", "residual",
    "routing", "saliency", "scaling", "scheming", "selection", "simulator", "sparsity",
    "steering", "surrogate", "symmetry", "threshold", "token", "trajectory", "trust", "uncertainty",
    "utility", "variance", "vector", "verifier",
)  # fmt: skip
WORDS = (
    "a", "the", "system", "model", "agent", "learns", "training", "data", "goal", "reward",
    "behaviour", "when", "which", "that", "test", "situation", "changes", "can", "still", "often",
    "signal", "measure", "score", "people", "intended", "because", "every", "step", "small",
    "large", "without", "within", "builds", "shows", "holds", "keeps", "finds", "state", "action",
    "choice", "pattern", "example", "result", "error", "tends", "to", "and", "or", "but", "of",
    "in", "on", "for", "with", "from", "its", "their", "this", "one", "many", "few", "most",
    "simple", "careful", "useful", "quiet", "direct", "clear", "rough", "hidden", "visible",
    "world", "task", "policy", "update", "estimate", "prediction", "feedback", "label", "input",
    "output", "network", "layer", "weight", "feature", "direction", "distribution", "sample",
    "evaluation", "benchmark", "operator", "designer", "user", "reader", "process", "method",
)  # fmt: skip
SURNAMES = ("Amodei", "Krakovna", "Langosco", "Shah", "Olah", "Christiano", "Leike", "Hubinger",
            "Turner", "Everitt", "Russell", "Sutton", "Geirhos", "Elhage", "Gao")  # fmt: skip


def _sentence(rng: random.Random, lo: int = 9, hi: int = 20, mention: str = "") -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    at = rng.randrange(2, len(words))  # drawn even without a mention: the text stays the same
    if mention:
        words.insert(at, mention)
    if rng.random() < 0.15:
        i = rng.randrange(1, len(words))
        words[i] = f"*{words[i]}*"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, n_words: int, mentions: tuple[str, ...] = ()) -> str:
    sentences, count, mentions = [], 0, list(mentions)
    while count < n_words:
        mention = mentions.pop(0) if mentions else ""
        sentences.append(_sentence(rng, mention=mention))
        count += len(sentences[-1].split()) - len(mention.split())  # the same draws either way
    return " ".join(sentences)


def _wrap(text: str, width: int = 96) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + [line] if line else lines


def _block(name: str, paragraphs: list[str]) -> list[str]:
    out = [f"{name}: |"]
    for i, para in enumerate(paragraphs):
        if i:
            out.append("")
        out += ["  " + line for line in _wrap(para)]
    return out


def _titles(n: int, seed: int) -> list[str]:
    """n unique titles of two or three words; title i is the same whatever n is."""
    seen: set[str] = set()
    titles = []
    for i in range(n):
        rng = random.Random(f"{seed}:{i}:title")
        k = 2 if rng.random() < 0.6 else 3  # drawn once: the mix of lengths does not drift
        while (title := " ".join(w.capitalize() for w in rng.sample(TITLE_WORDS, k))) in seen:
            pass
        seen.add(title)
        titles.append(title)
    return titles


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower())


def middle_slugs(n: int, seed: int = 0) -> list[str]:
    """Entries of an n-entry corpus that are far from both ends: their pages, neighbours and
    back links are the same in any larger corpus (links join entries at most 2 * NEAR apart)."""
    return [_slug(t) for t in _titles(n, seed)[n // 5 : n - n // 5]]


NEAR = 50  # links join entries at most this far apart: entry i's neighbours do not depend on n


def _related_graph(n: int, seed: int) -> list[set[int]]:
    """An undirected graph (so every link is reciprocal) with degrees between 2 and 5."""
    edges: list[set[int]] = [set() for _ in range(n)]
    if n < 3:
        return edges
    for i in range(n):  # a ring: everyone has two neighbours and is linked from them
        edges[i].add((i + 1) % n)
        edges[(i + 1) % n].add(i)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}:graph")
        want = rng.randint(2, 5)
        for _ in range(20):
            if len(edges[i]) >= want:
                break
            j = (i + rng.randint(-NEAR, NEAR)) % n
            if j != i and j not in edges[i] and len(edges[j]) < 5:
                edges[i].add(j)
                edges[j].add(i)
    return edges


def generate_entries(n: int, demos: list[str], seed: int = 0) -> dict[str, str]:
    """n valid, warning-free entries of realistic size: {slug: YAML text}."""
    titles = _titles(n, seed)
    slugs = [_slug(t) for t in titles]
    graph = _related_graph(n, seed)
    entries = {}
    for i, (slug, title) in enumerate(zip(slugs, titles, strict=True)):
        rng = random.Random(f"{seed}:{i}")  # entry i's text does not depend on n
        shuffle = random.Random(f"{seed}:{i}:links")  # apart: degrees differ between sizes
        related = sorted(graph[i], key=lambda j: shuffle.random())
        linked = related[:2]  # the definition links two related concepts by name
        mentions = tuple(f"[{titles[j].lower()}]({slugs[j]}.md)" for j in linked)
        year = rng.randint(2015, 2025)
        drawn = rng.choice(("intermediate", "advanced"))
        level = "foundational" if i % 10 == 0 else drawn  # one in ten, with no prerequisites
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
        lines = [
            "# yaml-language-server: $schema=concept.schema.json",
            f"title: {title}",
            f"summary: {_sentence(rng, 10, 16).rstrip('.')} in the {title.lower()} setting.",
            f"added: {day.isoformat()}",
            f"track: {TRACKS[i % len(TRACKS)]}",
            f"level: {level}",
            "tags:",
            *[f"  - {t}" for t in rng.sample(TAGS, rng.randint(2, 4))],
        ]
        if rng.random() < 0.3:
            lines += ["aliases:", f"  - {title} problem"]
        lines += _block("lead", [_paragraph(rng, 40)])
        lines += _block("definition", [_paragraph(rng, 90, mentions), _paragraph(rng, 80),
                                       _paragraph(rng, 70)])  # fmt: skip
        lines += _block("analogy", [_paragraph(rng, 60)])
        lines += _block("example", [_paragraph(rng, 70)])
        plain = tuple(titles[j].lower() for j in related[2:3])  # a mention left to autolinking
        lines += _block("why_it_matters", [_paragraph(rng, 50, plain)])
        if rng.random() < 0.3:
            lines += ["news:"]
            for k in range(rng.randint(1, 2)):
                lines += [
                    f"  - title: {title} report number {k + 1}",
                    f"    url: https://example.org/news/{slug}-{k}",
                    "    source: Example Times",
                    f"    date: {year}-0{k + 1}-15",
                ]
        else:
            lines.append("news: []")
        lines += ["related:", *[f"  - {slugs[j]}" for j in related]]
        needs = random.Random(f"{seed}:{i}:needs")
        basics = range(max(0, i - 2 * NEAR) // 10 * 10, i, 10)  # foundational entries before i
        if i % 10 and needs.random() < 0.3 and basics:
            lines += ["prerequisites:", f"  - {slugs[needs.choice(basics)]}"]
        lines += ["demos:", f"  - {demos[i % len(demos)]}", "sources:"]
        for k in range(rng.randint(1, 2)):
            lines += [
                f"  - title: On {title} and its consequences, part {k + 1}",
                f"    url: https://arxiv.org/abs/{year % 100:02d}{rng.randint(1, 12):02d}."
                f"{rng.randint(10000, 99999)}",
                f"    authors: {rng.choice(SURNAMES)} et al.",
                f"    year: {year}",
            ]
        entries[slug] = "\n".join(lines) + "\n"
    return entries
