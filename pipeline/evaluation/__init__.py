"""Evaluation against third-party annotation formats. It depends on the stages, never the reverse."""
