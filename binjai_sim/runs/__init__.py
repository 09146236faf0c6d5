"""Runs: ``run_scenario``, seeds, outcomes, records, summaries, outlooks and size caps."""
