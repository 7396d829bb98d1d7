"""The matching engine's errors: one base class, small named subclasses when needed."""

from __future__ import annotations


class MatchingError(Exception):
    """Base class for every error raised by the matching engine.

    ``bot/`` turns these into friendly Slack messages; the message names the offending thing.
    """
