"""Stage 1: read an entry file into plain data with positions, and the model it becomes."""
