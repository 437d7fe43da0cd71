"""The data package and the files users bring: schemas, typed loaders, text files, archive."""
