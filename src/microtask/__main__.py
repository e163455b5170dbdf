"""Run the CLI as ``python -m microtask``."""

from microtask.cli.app import main

main()
