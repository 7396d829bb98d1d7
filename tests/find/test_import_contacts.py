"""`cno import contacts`: all or nothing, errors naming file, row and column; only organisation and kind stored."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from storage.models import ExternalRelationship, Person
from storage.models.base import Base

PEOPLE = (
    "email,name,function,region,level,manager_email\nana@acme.com,Ana,Eng,EMEA,3,\nbob@acme.com,Bob,Sales,AMER,2,\n"
)
HEADER = "email,organisation,kind,strength,last_contact\n"


@pytest.fixture
def people(cno, write_csv):
    assert cno("import", "people", str(write_csv(PEOPLE))).code == 0


def relationships(session):
    rows = session.execute(
        select(Person.email, ExternalRelationship.organisation, ExternalRelationship.kind,
               ExternalRelationship.strength, ExternalRelationship.last_contact)
        .join(Person, Person.id == ExternalRelationship.person_id)
        .order_by(Person.email, ExternalRelationship.organisation)
    )
    return [tuple(r) for r in rows]


@freeze_time("2026-11-30 12:00:00")
def test_contacts_are_imported_and_a_second_import_of_the_same_file_changes_nothing(cno, write_csv, session, people):
    path = write_csv(HEADER + "ana@acme.com,Globex Corp,client,4,2026-10-01\n"
                              "BOB@acme.com,  Initech ,Partner,2,\n", "contacts.csv")

    first = cno("import", "contacts", str(path))
    again = cno("import", "contacts", str(path))

    assert first.code == 0, first.err
    assert first.out == f"{path}: 2 rows; relationships 2 created, 0 updated, 0 unchanged\n"
    assert again.out == f"{path}: 2 rows; relationships 0 created, 0 updated, 2 unchanged\n"
    assert relationships(session) == [
        ("ana@acme.com", "Globex Corp", "client", 4, date(2026, 10, 1)),
        ("bob@acme.com", "Initech", "partner", 2, None),
    ]


@freeze_time("2026-11-30 12:00:00")
def test_several_contacts_at_one_organisation_become_one_relationship_the_strongest_and_latest(
        cno, write_csv, session, people):
    path = write_csv(HEADER + "ana@acme.com,Globex,client,2,2026-11-01\nana@acme.com,GLOBEX,partner,5,2025-01-01\n")

    run = cno("import", "contacts", str(path))

    assert run.code == 0, run.err
    assert relationships(session) == [("ana@acme.com", "GLOBEX", "partner", 5, date(2026, 11, 1))]


@freeze_time("2026-11-30 12:00:00")
def test_a_changed_strength_updates_the_relationship(cno, write_csv, session, people):
    cno("import", "contacts", str(write_csv(HEADER + "ana@acme.com,Globex,client,2,2026-11-01\n", "a.csv")))
    run = cno("import", "contacts", str(write_csv(HEADER + "ana@acme.com,globex,client,3,2026-11-01\n", "b.csv")))
    assert "0 created, 1 updated, 0 unchanged" in run.out
    assert relationships(session)[0][3] == 3


@freeze_time("2026-11-30 12:00:00")
@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("ana@acme.com,Globex,friend,3,2026-01-01", "kind",
         "'friend' is not a kind of relationship: use one of client, partner, supplier, investor, alumni, other"),
        ("ana@acme.com,Globex,client,6,2026-01-01", "strength", "strength must be from 1 to 5, got 6"),
        ("ana@acme.com,Globex,client,0,2026-01-01", "strength", "strength must be from 1 to 5, got 0"),
        ("ana@acme.com,Globex,client,strong,2026-01-01", "strength",
         "strength must be a whole number from 1 to 5, got 'strong'"),
        ("ana@acme.com,Globex,client,3,01/02/2026", "last_contact",
         "'01/02/2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31"),
        ("ana@acme.com,Globex,client,3,2027-01-01", "last_contact", "2027-01-01 is in the future"),
        ("zed@acme.com,Globex,client,3,2026-01-01", "email",
         "no person with email 'zed@acme.com' (import them with `cno import people` first)"),
        ("ana@acme.com,,client,3,2026-01-01", "organisation", "an organisation is required"),
    ],
)
def test_a_bad_row_names_file_row_and_column_and_nothing_is_imported(cno, write_csv, session, people, row, column,
                                                                      problem):
    path = write_csv(HEADER + "bob@acme.com,Initech,partner,2,2026-01-01\n" + row + "\n", "contacts.csv")

    run = cno("import", "contacts", str(path))

    assert run.code == 1
    assert run.err == f"cno: {path}, row 3, column {column}: {problem}\n"
    assert relationships(session) == []


def test_a_column_for_the_outside_persons_name_is_refused_so_it_is_never_stored(cno, write_csv, session, people):
    path = write_csv("email,organisation,kind,strength,last_contact,contact_name\n"
                     "ana@acme.com,Globex,client,3,2026-01-01,Jane Doe\n")

    run = cno("import", "contacts", str(path))

    assert run.code == 1
    assert f"{path}, row 1, column contact_name: unknown column" in run.err
    assert relationships(session) == []
    stored = {c.name for c in Base.metadata.tables["external_relationships"].columns}
    assert stored == {"id", "person_id", "organisation", "organisation_key", "kind", "strength", "last_contact",
                      "source", "created_at"}


def test_import_contacts_has_help_naming_the_columns(cno):
    run = cno("import", "contacts", "--help")
    assert run.code == 0
    assert "email,organisation,kind,strength,last_contact" in run.out
