"""The benchmark of the site pipeline, run by `python scripts/bench.py [--quick] [--repeats N]`.

Everything runs on synthetic corpora in a temporary folder, made of realistic entries (about 500
words a page, 2-5 reciprocal related links, tags, sources) and the real demos, whose cached
notebook output is shared so that no demo runs more than once. Measured side by side in one run:

- build: a full `mkdocs build --strict` of the mid-sized corpus through the pipeline (entries in
  concepts/, pages made by the hook), against the same pages written as Markdown files in docs/
  and built by the same MkDocs, theme and navigation (hook reduced to adding the demos);
  alternated A B A B and reported as the median ratio;
- scaling: build time at three corpus sizes (250, 1000, 5000 concepts);
- page weight: HTML of a concept page (median over all of them) and search index per concept;
- validation: `load_corpus` (glossary/corpus.py) on 10 000 entries against a bare
  `yaml.load(CSafeLoader)` of the same files, in the same process, alternated, median ratio;
- demos: each demo as a reader runs it (demos.py, also `python scripts/bench_demos.py`);
- live reload: from saving one entry to the new text being served by `mkdocs serve`, for the
  pipeline and for the hand-written Markdown of the same page;
- memory: peak RSS of every build (the child's own rusage, via os.wait4);
- reader weight: what Chromium downloads, served by http.server without compression, for a first
  visit to a concept page (mid and large corpus) and a one-word search (large corpus), and the
  largest demo page's HTML (the browser part is skipped with --skip-reader).

It prints a table and, as its last line, one JSON object. A full run rewrites the measured part
of docs/performance.md and docs/assets/perf-build-time.svg; `--quick` uses tiny sizes, writes
nothing into docs/, and is a smoke test, not a measurement.

By concern: entries.py makes the synthetic corpora; projects.py makes the projects and builds
them; measure.py measures builds, validation and live reload (stopwatch.py times the parts);
reader_weight.py counts what a reader's browser downloads; report.py writes the table, the
plot and the performance page; run.py runs it all.
"""
