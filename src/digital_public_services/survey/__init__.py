"""The survey section: reading any survey file, estimates with intervals, sentences, figures."""
