"""The manuscript and its editions: checks, assembly, preview, Quarto, provenance, releases."""
