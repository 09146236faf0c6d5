"""Browser view for workshops (Mesa SolaraViz). Run with ``binjai-sim viz``."""
