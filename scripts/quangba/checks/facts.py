"""facts rules."""
