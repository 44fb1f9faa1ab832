"""litreview: raw bibliographic sources to review tables, every value traceable to its bytes."""

__version__ = "0.1.0"
