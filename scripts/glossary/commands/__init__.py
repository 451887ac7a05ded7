"""What the commands in scripts/ run: each script there is a thin entry point over one of these."""
