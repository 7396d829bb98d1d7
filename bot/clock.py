"""The current time, for listeners and use cases (one definition, shared with storage's defaults)."""

from storage.models.base import utcnow

__all__ = ["utcnow"]
