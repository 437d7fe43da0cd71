"""Running the notebooks: parameters, content-addressed cache, parallel runner, progress."""
