"""Stage 2: the checks on each entry and across entries; every finding is a Problem."""
