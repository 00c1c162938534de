"""conflict-events: news articles in, typed, dated, geocoded conflict events out (no Dagster here)."""

__version__ = "0.1.0"
