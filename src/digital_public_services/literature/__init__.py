"""The literature and policy context: bibliography, claims, context tables and figures."""
