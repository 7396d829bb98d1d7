"""`cno export DIR` writes people, ties and intros as CSV; people and ties import back exactly as they were."""

import csv

PEOPLE = """\
email,name,function,region,level,manager_email,slack_id,timezone,skills,interests,team,title,start_date,left_on
ada@acme.com,Ada Obi,Executive,EMEA,9,,UADA,Europe/London,strategy;finance,chess,Board,CEO,2019-04-01,
bo@acme.com,"Bo Chen, Jr.",Engineering,APAC,7,ada@acme.com,UBO,Asia/Singapore,python;cloud,,Platform,VP,,
cy@acme.com,Cy Diaz,Engineering,AMER,3,bo@acme.com,UCY,America/New_York,python,,Platform,,,2026-10-31
di@acme.com,=Di Eze,Sales,EMEA,4,ada@acme.com,UDI,Africa/Lagos,,golf,Field,AE,,
ed@acme.com,Ed Fox,Sales,AMER,2,di@acme.com,UED,UTC,,,Field,,2026-11-20,
fa@acme.com,Fa Gu,Finance,APAC,5,ada@acme.com,UFA,UTC,,,Money,,,
"""
TIES = """a_email,b_email,kind,occurred_on,weight
bo@acme.com,cy@acme.com,meeting,2026-11-02,1
ada@acme.com,bo@acme.com,lunch,2026-11-05,2.5
di@acme.com,ed@acme.com,meeting,2026-11-06,1
"""


def rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_an_export_imports_back_into_an_empty_database_as_it_was(cno, tmp_path, monkeypatch):
    (tmp_path / "people.csv").write_text(PEOPLE)
    (tmp_path / "ties.csv").write_text(TIES)
    assert cno("import", "people", str(tmp_path / "people.csv")).code == 0
    assert cno("import", "interactions", str(tmp_path / "ties.csv")).code == 0

    first = cno("export", str(tmp_path / "out"))

    assert first.code == 0, first.err
    assert first.out.splitlines() == [
        f"wrote {tmp_path / 'out' / 'people.csv'}: 6 people",
        f"wrote {tmp_path / 'out' / 'interactions.csv'}: 3 interactions",
        f"wrote {tmp_path / 'out' / 'intros.csv'}: 0 intros",
    ]
    people = {r["email"]: r for r in rows(tmp_path / "out" / "people.csv")}
    assert people["bo@acme.com"]["name"] == "Bo Chen, Jr."
    assert people["bo@acme.com"]["manager_email"] == "ada@acme.com"
    assert people["ada@acme.com"]["skills"] == "strategy;finance"
    assert people["cy@acme.com"]["left_on"] == "2026-10-31"
    assert people["di@acme.com"]["name"] == "=Di Eze"

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert cno("db", "upgrade").code == 0
    again_people = cno("import", "people", str(tmp_path / "out" / "people.csv"))
    again_ties = cno("import", "interactions", str(tmp_path / "out" / "interactions.csv"))
    assert again_people.code == 0 and again_ties.code == 0, again_people.err + again_ties.err
    assert "people 6 created" in again_people.out and "interactions 3 created" in again_ties.out
    assert cno("export", str(tmp_path / "out2")).code == 0
    for name in ("people.csv", "interactions.csv", "intros.csv"):
        assert (tmp_path / "out2" / name).read_text() == (tmp_path / "out" / name).read_text(), name


def test_intros_are_exported_one_row_each_with_their_members_and_reasons(cno, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE)
    assert cno("import", "people", str(tmp_path / "people.csv")).code == 0
    made = cno("round", "run", "--week", "2026-W49", "--seed", "3")
    assert made.code == 0, made.err

    result = cno("export", str(tmp_path / "out"))

    assert result.code == 0, result.err
    intros = rows(tmp_path / "out" / "intros.csv")
    assert intros, "the round made intros"
    assert {r["round"] for r in intros} == {"2026-W49"}
    members = [m for r in intros for m in r["members"].split(";")]
    assert len(members) == len(set(members)) >= 2
    assert "cy@acme.com" not in members  # left in October
    assert all(r["reasons"] for r in intros)


def test_an_export_to_a_place_that_cannot_be_written_is_one_line(cno, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = cno("export", str(blocker))
    assert result.code == 1
    assert result.err.strip().startswith(f"cno: cannot write the export to {blocker}: ")
    assert len(result.err.strip().splitlines()) == 1
