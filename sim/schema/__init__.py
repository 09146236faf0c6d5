"""The scenario schema's blocks, by concern; ``sim.scenario_schema`` assembles them into ``Scenario``
and re-exports every name, so a block may move here without its importers noticing."""
