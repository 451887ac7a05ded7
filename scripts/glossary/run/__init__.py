"""Stage 3b: run every demo once per build, and turn each run into what the pages show.

The build's own run is the one the concept pages report: its `name=value` lines, judged by the
demo's claim file, and its figures, written as image files.
"""
