"""The handlers of the top-level commands; ``sim.cli`` builds the parser and dispatches to them."""
