"""terminology rules."""
