"""French text for readers: typography, phrasing, Markdown tables, glossary, quoted figures."""
