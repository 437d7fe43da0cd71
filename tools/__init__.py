"""Developer tooling that is not part of the paper package (browser setup for the tests)."""
