"""conflict-events: news articles in, typed, dated, geocoded conflict events out (no Dagster here)."""

import logging

__version__ = "0.1.0"

# A library logs, an application decides where to: silent unless the user (the CLI, Dagster's
# run log, a notebook) configures a handler for "pipeline".
logging.getLogger(__name__).addHandler(logging.NullHandler())
