"""Run the CLI as ``python -m microtask``."""

from microtask.cli.entry import run

run()
