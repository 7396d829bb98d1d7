"""Big builds (a network, a round) pause Python's cycle collector, and give it back as they found it."""

import gc
import threading

import pytest

from storage import bulk_memory
from storage.bulk_memory import cycle_collection_paused, keep_out_of_collections


@pytest.fixture(autouse=True)
def _collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was:
        gc.disable()


def test_the_collector_is_paused_while_building_and_on_again_after():
    with cycle_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_build_that_failed():
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("the database went away")
    assert gc.isenabled()


def test_two_builds_at_once_keep_it_paused_until_the_last_ends():
    first_inside, second_may_end = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other_build() -> None:
        with cycle_collection_paused():
            first_inside.set()
            second_may_end.wait(5)
        seen.append(gc.isenabled())

    thread = threading.Thread(target=other_build)
    with cycle_collection_paused():
        thread.start()
        assert first_inside.wait(5)
    assert not gc.isenabled()  # this build ended; the other one is still building
    second_may_end.set()
    thread.join(5)
    assert seen == [True] and gc.isenabled()


def test_a_collector_someone_turned_off_stays_off():
    gc.disable()
    with cycle_collection_paused():
        pass
    assert not gc.isenabled()


def test_only_a_large_network_is_kept_out_of_full_collections(monkeypatch):
    gc.unfreeze()
    assert keep_out_of_collections(bulk_memory.KEEP_OUT_FROM_PEOPLE - 1) is False
    assert gc.get_freeze_count() == 0
    assert keep_out_of_collections(bulk_memory.KEEP_OUT_FROM_PEOPLE) is True
    assert gc.get_freeze_count() > 0
