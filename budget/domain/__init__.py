"""The rules: aggregates, value objects and domain errors. Pure Python."""
