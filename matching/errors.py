"""The matching engine's errors: one base class, small named subclasses when needed."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class for every error raised by the matching engine.

    ``bot/`` turns these into friendly Slack messages; the message names the offending thing.
    """


class UnknownPersonError(MatchingError, KeyError):
    """A person id was given that is not among the organisation's people."""

    def __str__(self) -> str:
        # KeyError would print the repr of the message; show the message itself.
        return str(self.args[0]) if self.args else ""


class InvalidConfigError(MatchingError, ValueError):
    """A configuration value is out of range (e.g. a negative repeat window)."""
