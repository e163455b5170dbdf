"""The one error hierarchy: each class carries the process exit code the CLI uses."""

from __future__ import annotations


class MicrotaskError(Exception):
    """A user-facing error: its message is one line that says what was wrong."""

    exit_code = 1


class InvalidInputError(MicrotaskError):
    """A value the user typed could not be understood (bad date, duration, title ...)."""

    exit_code = 1


class NotFoundError(MicrotaskError):
    """The id the user named does not exist."""

    exit_code = 3


class ConflictError(MicrotaskError):
    """The change contradicts the current state (open subtasks, a cycle, a newer schema ...)."""

    exit_code = 4


class StorageError(MicrotaskError):
    """The database cannot be used (newer schema, unreadable file, locked for too long)."""

    exit_code = 1


class StoppedError(MicrotaskError):
    """A signal (SIGTERM, SIGHUP) stopped the command before it wrote anything."""

    exit_code = 130
