"""Training of the shipped statistical models (run with ``pipeline train``)."""
