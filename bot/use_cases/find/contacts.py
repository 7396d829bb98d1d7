"""A person's own outside relationships in App Home: list, add, remove. Only organisation and kind are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bot.bootstrap import Services
from bot.clock import utcnow
from bot.errors import UsageError
from storage.csv_contacts import import_contacts
from storage.csv_contacts import kind as contact_kind
from storage.csv_contacts import organisation as organisation_name
from storage.csv_contacts import strength as contact_strength
from storage.csv_import import ImportResult
from storage.csv_source import Progress
from storage.models import ExternalRelationship, Person
from storage.models.contacts import CONTACT_KINDS, organisation_key
from storage.models.people import preference
from storage.queries.find import relationship_of, relationships_of, remove_relationship
from storage.queries.people import person_by_slack_id
from storage.uow import Session

__all__ = ["CONTACT_KINDS", "ContactFormError", "MyRelationships", "add_relationship", "relationships_shown",
           "remove_my_relationship"]


class ContactFormError(UsageError):
    """A field of the add-an-organisation form is wrong; ``block`` names it."""

    def __init__(self, block: str, message: str) -> None:
        super().__init__(message)
        self.block = block


@dataclass(frozen=True)
class MyRelationship:
    id: int
    organisation: str
    kind: str
    strength: int
    last_contact: str


@dataclass(frozen=True)
class MyRelationships:
    """What App Home shows the person about their own outside relationships."""

    known: bool
    findable: bool
    items: list[MyRelationship]


SHOWN = 20


def relationships_shown(session: Session, person: Person | None) -> MyRelationships:
    """What App Home shows of a person already read (None: someone the organisation does not know)."""
    if person is None:
        return MyRelationships(False, False, [])
    items = [
        MyRelationship(r.id, r.organisation, r.kind, r.strength, r.last_contact.isoformat() if r.last_contact else "")
        for r in relationships_of(session, person.id)[:SHOWN]
    ]
    return MyRelationships(True, bool(preference(person, "find_external")), items)


def add_relationship(
    services: Services, slack_id: str, organisation: str, kind: str, strength: str, last_contact: date | None,
    today: date,
) -> None:
    """Add (or update) one of the person's own relationships; ContactFormError names a bad field."""
    checked: dict[str, object] = {}
    for block, parse, raw in (("organisation", organisation_name, organisation), ("kind", contact_kind, kind),
                              ("strength", contact_strength, strength)):
        try:
            checked[block] = parse(raw.strip())
        except ValueError as error:
            raise ContactFormError(block, str(error)) from None
    if last_contact is not None and last_contact > today:
        raise ContactFormError("last_contact", f"{last_contact.isoformat()} is in the future")
    with services.uow() as uow:
        person = person_by_slack_id(uow.session, slack_id)
        if person is None:
            raise ContactFormError("organisation", "I don't know you yet: ask the CNO to add you.")
        name = str(checked["organisation"])
        existing = relationship_of(uow.session, person.id, name)
        if existing is None:
            existing = ExternalRelationship(person_id=person.id, organisation=name,
                                            organisation_key=organisation_key(name), source="home")
            uow.session.add(existing)
        existing.kind, existing.strength = str(checked["kind"]), int(str(checked["strength"]))
        existing.last_contact = last_contact
        uow.commit()


def remove_my_relationship(services: Services, slack_id: str, relationship_id: int) -> bool:
    """Remove one of the person's own relationships; False when it is not theirs."""
    with services.uow() as uow:
        person = person_by_slack_id(uow.session, slack_id)
        if person is None or not remove_relationship(uow.session, person.id, relationship_id):
            return False
        uow.commit()
        return True


def import_contacts_file(services: Services, path: Path, progress: Progress | None = None) -> ImportResult:
    """`cno import contacts`: who knows which outside organisation, all or nothing (organisation and kind only)."""
    today = utcnow().astimezone(services.settings.zone).date()
    with services.uow() as uow:
        result = import_contacts(uow.session, path, today, progress)
        uow.commit()
    return result
