"""A run's files: atomic output folders, figures, workbooks and the data dictionary."""
