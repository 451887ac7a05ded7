"""The site's search index: Pagefind run over the built pages, after they are written.

Pagefind indexes only the content a page marks with `data-pagefind-body` (the theme override
puts it on every page but the listings that repeat summaries) and skips anything inside
`data-pagefind-ignore`. It writes `pagefind/` into the site: a small script, a WebAssembly
search engine and the index split into chunks, so a reader's query fetches only the chunks
for its words.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# Markup the toolchain puts inside indexed content: the `¶` permalink after each heading
# (Python-Markdown's toc; nbconvert's on demo pages), which would end every result's title.
EXCLUDE_SELECTORS = (".headerlink", ".anchor-link")
OUTPUT = "pagefind"  # the folder inside the site, which the reader's script loads from


class SearchIndexError(Exception):
    """Pagefind failed; the message carries its own output."""


def index_site(site_dir: str | Path, low_priority: bool = False) -> int:
    """Write site_dir/pagefind/, the search index of the built site; return the pages indexed.
    With low_priority, Pagefind yields the CPU to other work (a rebuild under serve)."""
    site = Path(site_dir).resolve()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", OUTPUT]
    nice = shutil.which("nice")
    if low_priority and nice:  # POSIX; elsewhere it runs at normal priority
        command = [nice, "-n", "19", *command]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    try:
        # Pagefind also reads a pagefind.yml in its working folder and PAGEFIND_* variables:
        # run in the built site without them, so that the settings here are the whole of it.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
        result = subprocess.run(command, cwd=site, capture_output=True, text=True, env=env)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from None
    found = re.search(r"Indexed (\d+) pages?\b", result.stdout)
    if result.returncode != 0 or found is None:
        output = (result.stderr.strip() or result.stdout.strip())[-2000:]
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}):\n{output}")
    return int(found[1])
