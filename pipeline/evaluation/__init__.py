"""Evaluation of the stages: labelled corpora, loaders and scorers. Depends on the stage
packages; no stage package imports it."""
