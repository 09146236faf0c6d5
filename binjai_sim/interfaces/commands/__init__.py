"""The handlers of the top-level commands; ``binjai_sim.interfaces.cli`` builds the parser and dispatches to them."""
