"""Reproducible policy paper on the digital transformation of French public services."""

__version__ = "0.2.0"
