"""The interview section: theme counts, triangulation, sentences and figures."""
