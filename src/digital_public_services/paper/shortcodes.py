"""Quarto shortcodes as the article's sources write them, for the modules that read the prose."""

from __future__ import annotations

import re

INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+?)\s*>\}\}")
META = re.compile(r"\{\{<\s*meta\s+([\w.\\-]+)\s*>\}\}")
