from sqlalchemy import func, select

from storage.models import Interaction, Person

PEOPLE = "email,name,function,region,level,manager_email\n" + (
    "ana@acme.com,Ana,Eng,EMEA,3,\nbob@acme.com,Bob,Sales,AMER,2,ana@acme.com\n"
)


def test_cno_import_people_then_interactions_prints_the_counts(cno, write_csv, session):
    people = write_csv(PEOPLE)
    ties = write_csv("a_email,b_email,kind,occurred_on\nana@acme.com,bob@acme.com,meeting,2026-11-02\n", "ties.csv")

    first = cno("import", "people", str(people))
    again = cno("import", "people", str(people))
    met = cno("import", "interactions", str(ties))

    assert first.code == 0, first.err
    assert first.out == f"{people}: 2 rows; people 2 created, 0 updated, 0 unchanged; 2 joined, 0 marked left\n"
    assert again.out == f"{people}: 2 rows; people 0 created, 0 updated, 2 unchanged\n"
    assert met.out == f"{ties}: 1 row; interactions 1 created, 0 updated, 0 unchanged\n"
    assert session.scalar(select(func.count()).select_from(Person)) == 2
    assert session.scalar(select(func.count()).select_from(Interaction)) == 1


def test_a_bad_file_is_one_line_on_stderr_and_exit_code_1(cno, write_csv, session):
    path = write_csv(PEOPLE + "cyd@acme.com,Cyd,HR,APAC,4,x@y.com\n")

    run = cno("import", "people", str(path))

    assert run.code == 1
    assert run.err == (
        f"cno: {path}, row 4, column manager_email: no person with email 'x@y.com' in this file or already imported\n"
    )
    assert run.out == ""
    assert session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_missing_file_is_one_line_on_stderr(cno, tmp_path):
    run = cno("import", "interactions", str(tmp_path / "ties.csv"))
    assert run.code == 1
    assert run.err == f"cno: {tmp_path / 'ties.csv'}: cannot be read: No such file or directory\n"


def test_import_has_help_naming_the_columns(cno):
    run = cno("import", "people", "--help")
    assert run.code == 0
    assert "manager_email" in run.out
