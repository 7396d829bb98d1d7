"""The names an event's messages and ties are filed under: outbox keys and the note on its interactions."""

from __future__ import annotations


def invite_key(event_id: int, person_id: int) -> str:
    """The outbox key of a person's invitation (its later re-renders target it)."""
    return f"event:{event_id}:invite:{person_id}"


def met_key(event_id: int, person_id: int) -> str:
    """The outbox key of a person's "who did you meet?" question."""
    return f"{met_keys_of(event_id)}{person_id}"


def met_keys_of(event_id: int) -> str:
    """What the outbox keys of an event's "who did you meet?" questions start with (the person's id follows)."""
    return f"event:{event_id}:met:"


def event_note(event_id: int) -> str:
    """The note on an event's interactions, so a withdrawn answer can remove exactly its tie."""
    return f"event:{event_id}"
