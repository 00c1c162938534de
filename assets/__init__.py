"""Dagster code location for conflict-events: thin assets over the `pipeline` library."""
