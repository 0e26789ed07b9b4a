"""quangba: check and build Tuyên Quang province's multilingual promotion site."""

__version__ = "0.1.0"
