"""Building millions of long-lived objects at once (a network, a round) without Python's cycle collector.

Each full collection walks every tracked object already made, so while 2,000,000 ties and
100,000 people are loaded it runs again and again over a heap that only grows, and finds
nothing: loading a 100,000-person network spent 11 of its 19 s of CPU collecting. Reference
counting still frees what dies meanwhile; only garbage in cycles waits for the collector.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_builders = 0
_was_enabled = False


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause the cycle collector while the body builds its objects; resumed when the last builder ends.

    Several threads may build at once (one request refreshing the network while the round job
    makes a round): the collector is on again only when none is left, and only if it was on before.
    """
    global _builders, _was_enabled
    with _lock:
        if _builders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _builders += 1
    try:
        yield
    finally:
        with _lock:
            _builders -= 1
            if _builders == 0 and _was_enabled:
                gc.enable()


#: Fewer people than this and a full collection over their network is quick: nothing is kept out.
KEEP_OUT_FROM_PEOPLE = 20_000


def keep_out_of_collections(people: int) -> bool:
    """What lives now (a network of ``people`` just loaded) is left out of later full collections, each of
    which would walk every node and tie again: a pause of half a second in the middle of someone's App
    Home at 100,000 people. Garbage is collected first, so only what is alive is kept out; an object kept
    out that later dies in a cycle is not reclaimed, which is why small networks are left alone.
    Returns whether anything was kept out."""
    if people < KEEP_OUT_FROM_PEOPLE:
        return False
    gc.collect()
    gc.freeze()
    return True
