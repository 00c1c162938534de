"""Benchmark of the pipeline against reference tools (run with `make bench`)."""
