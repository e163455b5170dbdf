"""Thin Typer commands: parse, call a service, render. Heavy imports stay inside functions."""
