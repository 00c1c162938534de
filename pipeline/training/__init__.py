"""Training of the learned components from the labelled corpora (`make train`). Depends on the
stages and on pipeline.evaluation; nothing at run time imports it."""
