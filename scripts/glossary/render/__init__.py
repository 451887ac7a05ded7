"""Stage 4: the Markdown of every generated page and file, and the demo pages' HTML."""
