"""Stage 3: link the corpus: what the pages need that depends on every entry, made once a build."""
