"""A first interaction graph from shared channel membership, as Donut does: small channels say more than big ones.

Two people in the same channel of ``n`` members get ``1 / (n - 1)`` for that channel:
someone's ties from one channel add up to at most 1, however big it is, and a
channel of 500 gives each pair 1/499. Channels above ``max_size`` (announcements,
#general) say nothing and are skipped, which also bounds the work at
``sum(n^2)`` over the channels kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

#: A channel larger than this says nothing about who knows whom.
MAX_CHANNEL = 500


def co_membership_ties(
    channels: Mapping[str, Sequence[int]] | Iterable[tuple[str, Sequence[int]]],
    max_size: int = MAX_CHANNEL,
) -> dict[tuple[int, int], float]:
    """Tie weight per pair ``(a, b)`` with ``a < b``, summed over the channels they share.

    Parameters
    ----------
    channels : mapping or iterable of (channel id, member ids)
        Members of each public channel (ids of people; duplicates are ignored).
    max_size : int
        Channels with more members than this are skipped.

    Returns
    -------
    dict of (int, int) to float
        The pairs that share at least one kept channel, and their weight.

    Examples
    --------
    >>> ties = co_membership_ties({"C1": [1, 2], "C2": [1, 2, 3]})
    >>> {pair: round(w, 2) for pair, w in sorted(ties.items())}
    {(1, 2): 1.5, (1, 3): 0.5, (2, 3): 0.5}
    >>> co_membership_ties({"CBIG": list(range(10))}, max_size=5)
    {}

    Notes
    -----
    O(sum of n^2) over the kept channels. Deterministic.
    """
    items = channels.items() if isinstance(channels, Mapping) else channels
    ties: dict[tuple[int, int], float] = {}
    for _, members in items:
        people = sorted(set(members))
        n = len(people)
        if n < 2 or n > max_size:
            continue
        weight = 1.0 / (n - 1)
        for pair in combinations(people, 2):
            ties[pair] = ties.get(pair, 0.0) + weight
    return ties
