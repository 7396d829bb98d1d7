"""Ending a relationship frees a place in the mentor's or sponsor's capacity."""

from freezegun import freeze_time


def test_ending_a_sponsorship_frees_the_sponsors_place(org):
    with freeze_time("2026-11-25 09:00:00"):
        org.ask("sponsor", "my first team lead role", user="UANA")
        org.click("match_accept", org.current_offer())  # Hugo takes one protégé at a time
        done = org.command("sponsor", "end", user="UANA")
        org.app.deliver()
        org.ask("sponsor", "a move to New York", user="UBEN")
    assert "relationship with Hugo is closed" in done
    assert any("<@UANA> closed your sponsorship relationship" in m["text"] for m in org.dms("UHUGO"))
    assert org.current_offer().to == "UHUGO"
    assert "Your sponsor" not in org.command("sponsor", "status", user="UANA")


def test_with_several_relationships_the_person_picks_one_by_number(org):
    org.set_preferences("UTOM", mentor_available=False)
    with freeze_time("2026-11-25 09:00:00") as clock:
        for user in ("UANA", "UBEN"):
            org.ask("mentor", "data engineering", user=user)
            assert org.current_offer().to == "UINES"
            org.click("match_accept", org.current_offer())
            clock.tick(60)
        which = org.command("mentor", "end", user="UINES")
        assert "`/mentor end 1`: you mentor <@UANA>" in which and "`/mentor end 2`: you mentor <@UBEN>" in which
        assert "takes a number" in org.command("mentor", "end Ben", user="UINES")
        assert "Which one?" in org.command("mentor", "end 3", user="UINES")
        assert "relationship with Ben is closed" in org.command("mentor", "end 2", user="UINES")
        status = org.command("mentor", "status", user="UINES")
    assert "<@UANA>" in status and "<@UBEN>" not in status
    assert "no active mentoring relationship" in org.command("mentor", "end", user="UBEN")
