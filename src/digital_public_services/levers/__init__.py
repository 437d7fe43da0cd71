"""The four levers held against the sources, the recommendations and the key messages."""
