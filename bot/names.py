"""How people are named in messages when we cannot mention them: their name, or their email's local part."""

from __future__ import annotations

from storage.models import Person


def display_name(person: Person) -> str:
    """``person.name``, or ``ana.lopez`` for ana.lopez@acme.com when the name is empty."""
    return person.name or person.email.split("@")[0]
