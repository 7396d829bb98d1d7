"""The CNO's outside-relationships report: counts per organisation, never who (CLI and /cno-report)."""

from __future__ import annotations

from freezegun import freeze_time

from tests.conftest import CNO_SLACK_ID

NOW = "2026-11-30 10:00:00"
CONTACTS = ("email,organisation,kind,strength,last_contact\n"
            "ana@acme.test,Initech,partner,3,2026-09-01\n"
            "ana@acme.test,Umbrella,supplier,2,2026-09-01\n"
            "zoe@acme.test,umbrella,supplier,4,2026-10-01\n")
NAMES = ("Zoe", "Ana", "Ben", "Carl", "Dan", "Eve", "Oli", "Pia", "Gil", "acme.test")


@freeze_time(NOW)
def test_cno_report_external_lists_single_threaded_and_single_function_organisations_and_key_accounts(
        org, cno, write_csv, tmp_path):
    assert cno("import", "contacts", str(write_csv(CONTACTS))).code == 0
    accounts = tmp_path / "key.txt"
    accounts.write_text("organisation\nGlobex\n\n# our biggest prospect\nWayne Enterprises\ninitech\n")

    run = cno("report", "external", "--key-accounts", str(accounts))

    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "Outside relationships (counts per organisation, never who)",
        "6 relationships with 3 organisations. Most known: Globex (3 people), Umbrella (2 people), "
        "Initech (1 person).",
        "Known through only one person (1), a relationship that leaves with them: Initech (partner).",
        "Known only within one function (1): Umbrella (only Sales, 2 people).",
        "Key accounts reached within two steps (someone here knows someone there): 2 of 3 (67%). "
        "Not reached: Wayne Enterprises.",
    ]
    assert not any(name in run.out for name in NAMES)
    # the list is kept: the next report (and /cno-report) uses it without the option
    assert "2 of 3 (67%)" in cno("report", "external").out


@freeze_time(NOW)
def test_without_key_accounts_the_report_says_how_to_set_them(org, cno):
    run = cno("report", "external")
    assert "No key accounts listed: set them with `cno report external --key-accounts FILE`" in run.out


def test_an_unreadable_key_accounts_file_is_one_line_and_exit_code_1(org, cno, tmp_path):
    run = cno("report", "external", "--key-accounts", str(tmp_path / "missing.txt"))
    assert run.code == 1
    assert run.err == f"cno: {tmp_path / 'missing.txt'}: cannot be read: No such file or directory\n"


@freeze_time(NOW)
def test_the_cno_report_dm_has_the_outside_relationships_section_with_counts_only(org, cno, write_csv):
    cno("import", "contacts", str(write_csv(CONTACTS)))

    org.app.slack.command("/cno-report", "", user_id=CNO_SLACK_ID)
    org.app.deliver()

    [message] = [m for m in org.slack.posted() if m["channel"] == f"D{CNO_SLACK_ID}"]
    assert "*Outside relationships* (counts per organisation, never who)" in message["text"]
    assert "Known through only one person (1), a relationship that leaves with them: Initech (partner)." in (
        message["text"])
    section = message["blocks"][-1]["text"]["text"]
    assert section.startswith("*Outside relationships*")
    assert not any(name in section for name in NAMES)
