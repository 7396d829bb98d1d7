"""Every bad people file is refused whole, with a message naming file, row and column."""

import pytest
from sqlalchemy import text

from storage.csv_import import import_people
from storage.errors import CsvImportError

HEADER = "email,name,function,region,level,manager_email\n"
GOOD = "ok@acme.com,Ok,Eng,EMEA,2,boss@acme.com\n"
STORED = HEADER + "boss@acme.com,Bo,Eng,EMEA,7,\nold@acme.com,Ol,Eng,EMEA,3,boss@acme.com\n"

CASES = {
    "missing required column": (
        "email,name,function,region,manager_email\n" + "a@acme.com,A,Eng,EMEA,\n",
        "row 1, column level: missing required column "
        "(the header must have email, name, function, region, level, manager_email)",
    ),
    "unknown column": (
        HEADER.strip() + ",slackid\n" + "a@acme.com,A,Eng,EMEA,1,,U1\n",
        "row 1, column slackid: unknown column (known columns: email, name, function, region, level, "
        "manager_email, slack_id, timezone, skills, interests, team, title, start_date, left_on)",
    ),
    "duplicate email in the file": (
        HEADER + GOOD + "x@acme.com,X,Eng,EMEA,2,\nOK@acme.com,Ok again,Eng,EMEA,2,\n",
        "row 4, column email: 'ok@acme.com' is already on row 2",
    ),
    "unknown manager": (
        HEADER + GOOD + "a@acme.com,A,Eng,EMEA,2,x@y.com\n",
        "row 3, column manager_email: no person with email 'x@y.com' in this file or already imported",
    ),
    "own manager": (
        HEADER + GOOD + "a@acme.com,A,Eng,EMEA,2,A@acme.com\n",
        "row 3, column manager_email: a@acme.com cannot be their own manager",
    ),
    "two managing each other": (
        HEADER + "a@acme.com,A,Eng,EMEA,2,b@acme.com\n" + GOOD + "b@acme.com,B,Eng,EMEA,2,a@acme.com\n",
        "row 2, column manager_email: managers form a cycle: a@acme.com → b@acme.com → a@acme.com",
    ),
    "longer cycle": (
        HEADER + GOOD + "c@acme.com,C,Eng,EMEA,2,a@acme.com\n"
        "a@acme.com,A,Eng,EMEA,2,b@acme.com\nb@acme.com,B,Eng,EMEA,2,c@acme.com\n",
        "row 3, column manager_email: managers form a cycle: c@acme.com → a@acme.com → b@acme.com → c@acme.com",
    ),
    "cycle through a stored person": (
        HEADER + "boss@acme.com,Bo,Eng,EMEA,7,old@acme.com\n",
        "row 2, column manager_email: managers form a cycle: boss@acme.com → old@acme.com → boss@acme.com",
    ),
    "level not an integer": (
        HEADER + GOOD + "a@acme.com,A,Eng,EMEA,senior,\n",
        "row 3, column level: level must be a whole number such as 3, got 'senior'",
    ),
    "empty level": (
        HEADER + "a@acme.com,A,Eng,EMEA,,\n",
        "row 2, column level: level must be a whole number such as 3, got ''",
    ),
    "bad date": (
        HEADER.strip() + ",start_date\n" + "a@acme.com,A,Eng,EMEA,2,,2026-02-30\n",
        "row 2, column start_date: '2026-02-30' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31",
    ),
    "date in another format": (
        HEADER.strip() + ",left_on\n" + "a@acme.com,A,Eng,EMEA,2,,31/01/2026\n",
        "row 2, column left_on: '31/01/2026' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31",
    ),
    "invalid email": (
        HEADER + GOOD + "ann at acme.com,A,Eng,EMEA,2,\n",
        "row 3, column email: 'ann at acme.com' is not a valid email address",
    ),
    "missing email": (
        HEADER + ",A,Eng,EMEA,2,\n",
        "row 2, column email: an email address is required",
    ),
    "invalid manager email": (
        HEADER + "a@acme.com,A,Eng,EMEA,2,boss\n",
        "row 2, column manager_email: 'boss' is not a valid email address",
    ),
    "unknown time zone": (
        HEADER.strip() + ",timezone\n" + "a@acme.com,A,Eng,EMEA,2,,Mars/Olympus\n",
        "row 2, column timezone: 'Mars/Olympus' is not a known time zone "
        "(use a name such as Europe/Paris or America/New_York)",
    ),
    "bad slack id": (
        HEADER.strip() + ",slack_id\n" + "a@acme.com,A,Eng,EMEA,2,,hello\n",
        "row 2, column slack_id: 'hello' is not a Slack user id (they look like U012AB3CD)",
    ),
    "slack id held by someone else": (
        HEADER.strip() + ",slack_id\n" + "a@acme.com,A,Eng,EMEA,2,,U0BOSS\n",
        "row 2, column slack_id: 'U0BOSS' already belongs to boss@acme.com",
    ),
    "slack id twice in the file": (
        HEADER.strip() + ",slack_id\n" + "a@acme.com,A,Eng,EMEA,2,,U0A\nb@acme.com,B,Eng,EMEA,2,,U0A\n",
        "row 3, column slack_id: 'U0A' is already on row 2",
    ),
    "row with more fields than the header": (
        HEADER + GOOD + "a@acme.com,A,Eng,EMEA,2,,extra\n",
        "row 3: this row has 7 fields but the header has 6 (quote values that contain commas)",
    ),
    "row with fewer fields than the header": (
        HEADER + GOOD + "a@acme.com,A,Eng\n",
        "row 3, column region: this row has 3 fields but the header has 6",
    ),
    "very long value": (
        HEADER + "a@acme.com," + "A" * 5000 + ",Eng,EMEA,2,\n",
        "row 2, column name: value is 5,000 characters long (the limit is 1,000)",
    ),
    "value longer than the column": (
        HEADER + "a@acme.com,A," + "F" * 101 + ",EMEA,2,\n",
        "row 2, column function: value is 101 characters long (the limit for this column is 100)",
    ),
    "semicolon separated": (
        HEADER.replace(",", ";") + GOOD.replace(",", ";"),
        "row 1: columns are separated by ';', not commas: save it as comma-separated CSV",
    ),
    "tab separated": (
        HEADER.replace(",", "\t") + GOOD.replace(",", "\t"),
        "row 1: columns are separated by tab, not commas: save it as comma-separated CSV",
    ),
    "broken quoting": (
        HEADER + GOOD + 'a@acme.com,"A"B,Eng,EMEA,2,\n',
        "row 3: is not valid CSV here (',' expected after '\"')",
    ),
    "totally empty file": ("", ": is empty: the first row must name the columns "
                               "(email,name,function,region,level,manager_email)"),
    "blank first row": ("\n" + HEADER, "row 1: the first row is blank: it must name the columns "
                                        "(email,name,function,region,level,manager_email)"),
    "an Excel workbook": (b"PK\x03\x04" + bytes(range(256)),
                          ": is a zip archive or an Excel workbook (.xlsx), not CSV: save it as 'CSV UTF-8'"),
    "binary data": (bytes([0x89]) + b"PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ": is a binary file, not CSV text"),
    "UTF-16 text": (("\ufeff" + HEADER).encode("utf-16-le"), ": is UTF-16 text, not UTF-8: save it as 'CSV UTF-8'"),
    "Latin-1 text": ((HEADER + GOOD + "zoe@acme.com,Zoé,Eng,EMEA,2,\n").encode("latin-1"),
                     "row 3: is not UTF-8 text (byte 102 is 0xe9): save it as 'CSV UTF-8'"),
}


@pytest.fixture
def stored(session, write_csv, snapshot):
    import_people(session, write_csv(STORED, "stored.csv"))
    session.execute(text("UPDATE people SET slack_id = 'U0BOSS' WHERE email = 'boss@acme.com'"))
    session.commit()
    return snapshot()


@pytest.mark.parametrize("case", CASES)
def test_a_bad_people_file_is_refused_whole_with_file_row_and_column(case, session, write_csv, stored, snapshot):
    content, where_and_problem = CASES[case]
    path = write_csv(content)

    with pytest.raises(CsvImportError) as caught:
        import_people(session, path)
    session.commit()

    separator = ", " if where_and_problem.startswith("row") else ""
    assert str(caught.value) == f"{path}{separator}{where_and_problem}"
    assert snapshot() == stored


def test_a_file_that_does_not_exist_is_named(session, tmp_path):
    with pytest.raises(CsvImportError, match=r"nope\.csv: cannot be read: No such file or directory"):
        import_people(session, tmp_path / "nope.csv")
