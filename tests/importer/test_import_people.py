from datetime import date

import pytest
from sqlalchemy import select

from storage.csv_import import import_people
from storage.errors import CsvImportError
from storage.models import Person

HEADER = "email,name,function,region,level,manager_email\n"
ORG = HEADER + (
    "ceo@acme.com,Ada Ceo,Executive,EMEA,9,\n"
    "cto@acme.com,Bo Tech,Engineering,EMEA,8,ceo@acme.com\n"
    "dev@acme.com,Cy Dev,Engineering,AMER,3,cto@acme.com\n"
)


def people(session):
    return {p.email: p for p in session.scalars(select(Person))}


def test_a_new_organisation_is_created_with_its_managers(session, write_csv):
    result = import_people(session, write_csv(ORG))
    session.commit()

    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    stored = people(session)
    assert stored["dev@acme.com"].manager.email == "cto@acme.com"
    assert stored["cto@acme.com"].manager.email == "ceo@acme.com"
    assert stored["ceo@acme.com"].manager is None
    assert stored["dev@acme.com"].level == 3 and stored["dev@acme.com"].region == "AMER"
    assert sorted(result.joined_ids) == sorted(p.id for p in stored.values())


def test_a_manager_may_appear_after_their_reports_in_the_file(session, write_csv):
    text = HEADER + "dev@acme.com,Cy,Eng,AMER,3,boss@acme.com\nboss@acme.com,Bo,Eng,AMER,7,\n"
    import_people(session, write_csv(text))
    session.commit()
    assert people(session)["dev@acme.com"].manager.email == "boss@acme.com"


def test_importing_the_same_file_again_changes_nothing(session, write_csv):
    path = write_csv(ORG)
    import_people(session, path)
    session.commit()

    again = import_people(session, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.joined_ids == [] and again.left_ids == []


def test_people_are_matched_by_email_whatever_its_case_and_changes_are_counted(session, write_csv):
    import_people(session, write_csv(ORG))
    session.commit()

    text = HEADER + "DEV@Acme.com,Cy Dev,Sales,AMER,4,ceo@acme.com\nnew@acme.com,Di New,Sales,APAC,2,dev@acme.com\n"
    result = import_people(session, write_csv(text))
    session.commit()

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    stored = people(session)
    assert len(stored) == 4
    assert stored["dev@acme.com"].function == "Sales"
    assert stored["dev@acme.com"].manager.email == "ceo@acme.com"
    assert stored["new@acme.com"].manager.email == "dev@acme.com"


def test_an_existing_person_may_get_a_manager_who_is_new_in_the_file(session, write_csv):
    import_people(session, write_csv(ORG))
    session.commit()

    text = HEADER + (
        "dev@acme.com,Cy Dev,Engineering,AMER,3,lead@acme.com\nlead@acme.com,Le,Engineering,AMER,5,cto@acme.com\n"
    )
    result = import_people(session, write_csv(text))
    session.commit()

    assert (result.created, result.updated) == (1, 1)
    assert people(session)["dev@acme.com"].manager.email == "lead@acme.com"


def test_optional_columns_are_stored_and_a_blank_cell_keeps_the_stored_value(session, write_csv):
    header = "email,name,function,region,level,manager_email,slack_id,timezone,skills,interests,team,title,start_date\n"
    first = header + (
        "ana@acme.com,Ana,Eng,EMEA,3,,U0ANA,Europe/Paris, Python ;SQL;python;,chess,Core,Engineer,2024-02-01\n"
    )
    import_people(session, write_csv(first))
    session.commit()

    result = import_people(session, write_csv(header + "ana@acme.com,Ana,Eng,EMEA,3,,,,,,,,\n"))
    session.commit()

    assert result.unchanged == 1
    ana = people(session)["ana@acme.com"]
    assert (ana.slack_id, ana.timezone, ana.team, ana.title) == ("U0ANA", "Europe/Paris", "Core", "Engineer")
    assert ana.skills == ["Python", "SQL"] and ana.interests == ["chess"]
    assert ana.start_date == date(2024, 2, 1)


def test_a_person_with_a_leaving_date_is_marked_left_and_reported(session, write_csv):
    import_people(session, write_csv(ORG))
    session.commit()
    dev_id = people(session)["dev@acme.com"].id

    text = "email,name,function,region,level,manager_email,left_on\n" + (
        "dev@acme.com,Cy Dev,Engineering,AMER,3,cto@acme.com,2026-10-31\n"
        "cto@acme.com,Bo Tech,Engineering,EMEA,8,ceo@acme.com,\n"
    )
    result = import_people(session, write_csv(text))
    session.commit()

    assert result.left_ids == [dev_id] and result.joined_ids == []
    assert (result.updated, result.unchanged) == (1, 1)
    dev = people(session)["dev@acme.com"]
    assert dev.active is False and dev.left_on == date(2026, 10, 31)


def test_a_person_who_comes_back_is_reported_as_joined(session, write_csv):
    header = "email,name,function,region,level,manager_email,left_on\n"
    import_people(session, write_csv(header + "ana@acme.com,Ana,Eng,EMEA,3,,2025-01-31\n"))
    session.commit()
    ana = people(session)["ana@acme.com"]
    assert ana.active is False

    result = import_people(session, write_csv(header + "ana@acme.com,Ana,Eng,EMEA,3,,\n"))
    session.commit()

    assert result.joined_ids == [ana.id]
    session.refresh(ana)
    assert ana.active is True and ana.left_on is None


def test_a_file_without_a_leaving_column_does_not_bring_anyone_back(session, write_csv):
    header = "email,name,function,region,level,manager_email,left_on\n"
    import_people(session, write_csv(header + "ana@acme.com,Ana,Eng,EMEA,3,,2025-01-31\n"))
    session.commit()

    result = import_people(session, write_csv(HEADER + "ana@acme.com,Ana,Eng,EMEA,3,\n"))

    assert result.unchanged == 1 and result.joined_ids == []
    assert people(session)["ana@acme.com"].active is False


def test_two_people_may_swap_slack_ids(session, write_csv):
    header = HEADER.strip() + ",slack_id\n"
    import_people(session, write_csv(header + "a@acme.com,A,Eng,EMEA,1,,U0AAA\nb@acme.com,B,Eng,EMEA,1,,U0BBB\n"))
    session.commit()

    swapped = header + "a@acme.com,A,Eng,EMEA,1,,U0BBB\nb@acme.com,B,Eng,EMEA,1,,U0AAA\n"
    result = import_people(session, write_csv(swapped))
    session.commit()

    assert result.updated == 2
    stored = people(session)
    assert (stored["a@acme.com"].slack_id, stored["b@acme.com"].slack_id) == ("U0BBB", "U0AAA")


def test_a_file_with_only_a_header_imports_nobody(session, write_csv):
    result = import_people(session, write_csv(HEADER))
    assert (result.rows, result.created, result.updated, result.unchanged) == (0, 0, 0, 0)


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(session, write_csv):
    path = write_csv(b"\xef\xbb\xbf" + ORG.replace("\n", "\r\n").encode())
    result = import_people(session, path)
    assert result.created == 3


def test_blank_lines_are_skipped_but_still_count_as_rows(session, write_csv):
    with pytest.raises(CsvImportError) as caught:
        import_people(session, write_csv(HEADER + "\na@acme.com,A,Eng,EMEA,x,\n"))
    assert caught.value.row == 3


def test_values_that_look_like_formulas_are_stored_as_plain_text(session, write_csv):
    header = HEADER.strip() + ",title,team\n"
    text = header + 'eve@acme.com,=HYPERLINK("http://evil"),+Sales,-1+1,3,,@SUM(A1),"=1+2"\n'
    import_people(session, write_csv(text))
    session.commit()

    eve = people(session)["eve@acme.com"]
    assert (eve.name, eve.function, eve.region) == ('=HYPERLINK("http://evil")', "+Sales", "-1+1")
    assert (eve.title, eve.team) == ("@SUM(A1)", "=1+2")


def test_progress_is_reported_while_checking_and_writing(session, write_csv):
    seen = []
    import_people(session, write_csv(ORG), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[-1][0] == "Writing" and seen[-1][1] == seen[-1][2] == len(ORG)
