"""The `conflict-events eval ...` subcommands (and `dedup-bench`), one module per stage: each
has register(commands, evals), called by pipeline.cli."""
