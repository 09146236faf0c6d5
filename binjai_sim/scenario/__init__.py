"""Inputs: scenario files, inventories, spreadsheets, regions, evidence and the one way to change a
scenario."""
