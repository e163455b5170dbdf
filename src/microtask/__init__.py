"""microtask: a command-line microtask manager for solo founders."""

__version__ = "0.1.0"
