"""The model core: the compiled engine, the Mesa model and agents, the strategy catalogue."""
