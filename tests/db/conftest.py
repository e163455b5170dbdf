"""Storage tests drive the CLI too: the in-process `run` fixture of the CLI tests."""

from tests.cli.conftest import run  # noqa: F401  (a fixture, found by name)
