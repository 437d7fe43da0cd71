"""What a notebook publishes for the paper: quoted values, figure data and files, cell options."""
