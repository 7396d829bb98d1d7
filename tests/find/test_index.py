"""The search index is cached, rebuilt when the data changes, and for a large organisation rebuilt in the background."""

from __future__ import annotations

import time
from datetime import date

from bot.use_cases.find import index as find_index
from storage.models import Person

TODAY = date(2026, 11, 30)


def add(services, email, **fields):
    with services.uow() as uow:
        uow.session.add(Person(email=email, slack_id="U" + email.split("@")[0].upper(), name=email, **fields))
        uow.commit()


def test_the_index_is_kept_while_nothing_changes_and_rebuilt_when_someone_joins(services):
    add(services, "ana@acme.test")
    first = find_index.current_index(services, TODAY)
    assert find_index.current_index(services, TODAY) is first

    add(services, "ben@acme.test")
    second = find_index.current_index(services, TODAY)

    assert second is not first and second.ids.size == 2
    assert find_index.current_index(services, date(2026, 12, 1)) is not second  # a new day: fresh reliabilities


def test_a_large_out_of_date_index_keeps_answering_while_it_is_rebuilt_in_the_background(services, monkeypatch):
    monkeypatch.setattr(find_index, "BACKGROUND_FROM", 1)
    add(services, "ana@acme.test")
    first = find_index.current_index(services, TODAY)
    add(services, "ben@acme.test")

    assert find_index.current_index(services, TODAY) is first  # answered at once from the old index
    deadline = time.monotonic() + 10
    while (latest := find_index.current_index(services, TODAY)) is first and time.monotonic() < deadline:
        time.sleep(0.05)
    assert latest.ids.size == 2
