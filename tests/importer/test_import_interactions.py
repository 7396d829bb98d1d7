from datetime import date

import pytest
from sqlalchemy import select

from storage.csv_import import import_interactions, import_people
from storage.errors import CsvImportError
from storage.models import Interaction, Person

PEOPLE = "email,name,function,region,level,manager_email\n" + (
    "ana@acme.com,Ana,Eng,EMEA,3,\nbob@acme.com,Bob,Sales,AMER,2,\ncyd@acme.com,Cyd,HR,APAC,4,\n"
)
HEADER = "a_email,b_email,kind,occurred_on,weight\n"


@pytest.fixture
def org(session, write_csv):
    import_people(session, write_csv(PEOPLE))
    session.commit()
    return {p.email: p.id for p in session.scalars(select(Person))}


def ties(session, org):
    email = {pid: mail for mail, pid in org.items()}
    return sorted(
        (email[i.a_id], email[i.b_id], i.kind, i.occurred_on, i.weight, i.source)
        for i in session.scalars(select(Interaction))
    )


def test_interactions_are_stored_as_undirected_pairs_from_the_import(session, write_csv, org):
    text = HEADER + "bob@acme.com,ana@acme.com,meeting,2026-11-02,2\nANA@acme.com,cyd@acme.com,lunch,2026-11-03,\n"
    result = import_interactions(session, write_csv(text, "ties.csv"))
    session.commit()

    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert ties(session, org) == [
        ("ana@acme.com", "bob@acme.com", "meeting", date(2026, 11, 2), 2.0, "import"),
        ("ana@acme.com", "cyd@acme.com", "lunch", date(2026, 11, 3), 1.0, "import"),
    ]
    assert all(i.a_id < i.b_id for i in session.scalars(select(Interaction)))


def test_the_weight_column_is_optional(session, write_csv, org):
    text = "a_email,b_email,kind,occurred_on\nbob@acme.com,ana@acme.com,meeting,2026-11-02\n"
    result = import_interactions(session, write_csv(text, "ties.csv"))
    assert result.created == 1
    assert session.scalars(select(Interaction.weight)).one() == 1.0


def test_importing_the_same_file_twice_changes_nothing(session, write_csv, org):
    path = write_csv(HEADER + "bob@acme.com,ana@acme.com,meeting,2026-11-02,2\n", "ties.csv")
    import_interactions(session, path)
    session.commit()

    again = import_interactions(session, path)
    session.commit()

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert len(ties(session, org)) == 1


def test_a_changed_weight_updates_the_interaction(session, write_csv, org):
    import_interactions(session, write_csv(HEADER + "bob@acme.com,ana@acme.com,meeting,2026-11-02,2\n", "t.csv"))
    session.commit()

    result = import_interactions(session, write_csv(HEADER + "ana@acme.com,bob@acme.com,meeting,2026-11-02,5\n"))
    session.commit()

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert ties(session, org)[0][4] == 5.0


def test_repeated_rows_for_the_same_pair_kind_and_day_add_up(session, write_csv, org):
    text = HEADER + "bob@acme.com,ana@acme.com,meeting,2026-11-02,2\nana@acme.com,bob@acme.com,meeting,2026-11-02,\n"
    result = import_interactions(session, write_csv(text))
    session.commit()

    assert (result.rows, result.created) == (2, 1)
    assert ties(session, org)[0][4] == 3.0


def test_a_file_with_only_a_header_imports_nothing(session, write_csv, org):
    result = import_interactions(session, write_csv(HEADER))
    assert (result.rows, result.created, result.updated, result.unchanged) == (0, 0, 0, 0)


def test_interactions_can_be_imported_again_in_the_same_session(session, write_csv, org):
    import_interactions(session, write_csv(HEADER + "bob@acme.com,ana@acme.com,meeting,2026-11-02,2\n", "1.csv"))
    result = import_interactions(session, write_csv(HEADER + "bob@acme.com,cyd@acme.com,meeting,2026-11-02,2\n"))
    session.commit()
    assert result.created == 1 and len(ties(session, org)) == 2


CASES = {
    "unknown person": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,2026-11-02,1\nana@acme.com,x@y.com,meeting,2026-11-02,1\n",
        ", row 3, column b_email: no person with email 'x@y.com' (import them with `cno import people` first)",
    ),
    "unknown first person": (
        HEADER + "Zed@acme.com,bob@acme.com,meeting,2026-11-02,1\n",
        ", row 2, column a_email: no person with email 'zed@acme.com' (import them with `cno import people` first)",
    ),
    "not an email": (
        HEADER + "ana,bob@acme.com,meeting,2026-11-02,1\n",
        ", row 2, column a_email: 'ana' is not a valid email address",
    ),
    "a person interacting with themself": (
        HEADER + "ana@acme.com,ANA@acme.com,meeting,2026-11-02,1\n",
        ", row 2, column b_email: ana@acme.com cannot interact with themself",
    ),
    "bad date": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,02/11/2026,1\n",
        ", row 2, column occurred_on: '02/11/2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31",
    ),
    "missing date": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,,1\n",
        ", row 2, column occurred_on: '' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31",
    ),
    "negative weight": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,2026-11-02,-1\n",
        ", row 2, column weight: weight must be a positive number, got '-1'",
    ),
    "non-numeric weight": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,2026-11-02,lots\n",
        ", row 2, column weight: weight must be a number such as 1 or 0.5, got 'lots'",
    ),
    "missing kind": (
        HEADER + "ana@acme.com,bob@acme.com,,2026-11-02,1\n",
        ", row 2, column kind: a kind is required, e.g. meeting",
    ),
    "missing required column": (
        "a_email,b_email,occurred_on\nana@acme.com,bob@acme.com,2026-11-02\n",
        ", row 1, column kind: missing required column (the header must have a_email, b_email, kind, occurred_on)",
    ),
    "ragged row": (
        HEADER + "ana@acme.com,bob@acme.com,meeting,2026-11-02,1,2\n",
        ", row 2: this row has 6 fields but the header has 5 (quote values that contain commas)",
    ),
    "empty file": (
        "",
        ": is empty: the first row must name the columns (a_email,b_email,kind,occurred_on)",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_bad_interactions_file_is_refused_whole(case, session, write_csv, org, snapshot):
    import_interactions(session, write_csv(HEADER + "cyd@acme.com,bob@acme.com,lunch,2026-10-01,1\n", "old.csv"))
    session.commit()
    before = snapshot()
    content, message = CASES[case]
    path = write_csv(content, "ties.csv")

    with pytest.raises(CsvImportError) as caught:
        import_interactions(session, path)
    session.commit()

    assert str(caught.value) == f"{path}{message}"
    assert snapshot() == before


def test_an_error_after_many_good_rows_still_leaves_nothing_behind(session, write_csv, org, snapshot):
    before = snapshot()
    good = "ana@acme.com,bob@acme.com,meeting,2026-11-02,1\n" * 25_000
    path = write_csv(HEADER + good + "ana@acme.com,nobody@acme.com,meeting,2026-11-02,1\n")

    with pytest.raises(CsvImportError, match="row 25002, column b_email"):
        import_interactions(session, path)
    session.commit()

    assert snapshot() == before
