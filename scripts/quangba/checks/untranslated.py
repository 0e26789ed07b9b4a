"""untranslated rules."""
