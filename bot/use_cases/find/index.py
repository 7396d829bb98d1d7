"""The search index of ``/networking find``, built from the database once and kept while nothing changes.

A search must answer within Slack's three seconds, and reading two million ties
takes longer than that at 100,000 people; so the index (ties as CSR arrays and what
people can be found for) is cached per process and database, and rebuilt when the
fingerprint of the data changes (someone joined, left or changed their choices,
a tie or a relationship was added), on a new day, or after :data:`MAX_AGE`.
Whatever the cache holds, every person shown is checked again as they are now
before the answer goes out (:mod:`bot.use_cases.find.search`).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from bot.bootstrap import Services
from matching.finding import Directory, directory
from matching.paths import TieIndex, tie_index, tie_reliability
from storage.queries.find import FindData, load_find_data, search_fingerprint

#: Seconds after which the index is rebuilt even if the fingerprint did not change (a changed weight).
MAX_AGE = 600.0
#: From this many people, an out-of-date index is rebuilt in the background (it takes seconds).
BACKGROUND_FROM = 20_000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchIndex:
    """Positions ↔ person ids, the ties and the directory, for one day."""

    ids: np.ndarray
    ties: TieIndex
    people: Directory
    day: date

    def position(self, person_id: int) -> int | None:
        at = int(np.searchsorted(self.ids, person_id))
        return at if at < self.ids.size and int(self.ids[at]) == person_id else None

    def person_id(self, position: int) -> int:
        return int(self.ids[position])


def build_index(data: FindData, today: date) -> SearchIndex:
    """The index of ``data`` as of ``today`` (tie reliabilities depend on the days since last contact)."""
    a, b, weight, last = data.ties
    reliability = tie_reliability(weight, today.toordinal() - last)
    size = int(data.ids.size)
    return SearchIndex(
        ids=data.ids,
        ties=tie_index(size, a, b, reliability, last),
        people=directory(size, data.terms, data.organisations, data.findable, data.findable_external),
        day=today,
    )


_lock = threading.Lock()
#: One index per Services (one per process in production; tests make one per test).
_cache: dict[int, tuple[tuple[Any, ...], float, SearchIndex]] = {}
_rebuilding: set[int] = set()


def current_index(services: Services, today: date, rebuild: bool = False) -> SearchIndex:
    """The index for the services' database as it is now (rebuilt if anything changed, or when asked).

    A large index that went out of date is rebuilt in the background while searches keep
    using the old one (their answers are checked against the people as they are now
    anyway), so no one waits longer than Slack allows; a small one, the first one, or one
    asked for with ``rebuild`` is built before answering.
    """
    key = id(services)
    with services.uow() as uow:
        fingerprint = (*search_fingerprint(uow.session), today)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == fingerprint and time.monotonic() - cached[1] < MAX_AGE and not rebuild:
            return cached[2]
        if cached is not None and not rebuild and cached[2].ids.size >= BACKGROUND_FROM and cached[2].day == today:
            if key not in _rebuilding:
                _rebuilding.add(key)
                threading.Thread(target=_rebuild, args=(services, key, fingerprint, today), daemon=True,
                                 name="find-index").start()
            return cached[2]
        index = _build(services, today)
        if cached is None:
            weakref.finalize(services, _cache.pop, key, None)
        _cache[key] = (fingerprint, time.monotonic(), index)
        return index


def _build(services: Services, today: date) -> SearchIndex:
    with services.uow() as uow:
        return build_index(load_find_data(uow.session), today)


def _rebuild(services: Services, key: int, fingerprint: tuple[Any, ...], today: date) -> None:
    try:
        index = _build(services, today)
        with _lock:
            _cache[key] = (fingerprint, time.monotonic(), index)
    except Exception:  # the old index keeps serving; the next search tries again
        log.exception("could not rebuild the /networking find index")
    finally:
        with _lock:
            _rebuilding.discard(key)
