"""The thin adapter between MkDocs and the quangba core."""
