"""Turning domain objects into files and machine-readable output."""
