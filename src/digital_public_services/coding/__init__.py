"""Coded excerpts of every source: the codebook tree, segment table, QDA import, lexicometry."""
