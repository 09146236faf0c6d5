"""The scenario schema's blocks, by concern; ``binjai_sim.schema.scenario`` assembles them into ``Scenario``
and re-exports every name, so a block may move here without its importers noticing."""
