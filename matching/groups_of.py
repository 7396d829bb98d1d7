"""Groups of any size (2 to 6) from the engine's pairs, and the program kinds of intro built on pairs.

The engine (:mod:`matching.rounds`) makes pairs, and one trio when the count is odd.
A program may ask for groups of ``size``: :func:`group_sizes` spreads a remainder so
nobody is alone and no group is smaller than two, and :func:`groups_of` joins the
engine's pairs, best first, into groups of those sizes without splitting a pair when
it can help it. :func:`partition_by` and :func:`cross_repair` serve programs whose
intros stay within, or must cross, an attribute; :func:`seat_groups` serves programs
with seats (one mentor with mentees). An unknown value (``""`` or ``None``) is
unknown: no rule fires on it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

from matching.errors import MatchingError

MIN_SIZE, MAX_SIZE = 2, 6


def group_sizes(n: int, size: int) -> list[int]:
    """How ``n`` people split into groups of about ``size``: largest first, sizes differ by at most one.

    Parameters
    ----------
    n : int
        People to group (``n >= 0``).
    size : int
        The wanted group size, 2 to 6.

    Returns
    -------
    list of int
        Group sizes summing to ``n`` (or ``n - 1`` when ``n`` is 1: nobody to meet), each
        at least 2 and at most ``size`` (3 when ``size`` is 2 and ``n`` is odd: a trio).

    Raises
    ------
    MatchingError
        If ``size`` is outside 2..6 or ``n`` is negative.

    Examples
    --------
    >>> group_sizes(10, 4)
    [4, 3, 3]
    >>> group_sizes(9, 2)
    [3, 2, 2, 2]
    >>> group_sizes(5, 6), group_sizes(1, 3), group_sizes(0, 2)
    ([5], [], [])

    Notes
    -----
    O(n / size). The number of groups is ``ceil(n / size)``, or ``n // 2`` when that is
    fewer (only with ``size`` 2 and odd ``n``).
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise MatchingError(f"group size must be between {MIN_SIZE} and {MAX_SIZE}, not {size!r}")
    if n < 0:
        raise MatchingError(f"cannot group {n!r} people")
    if n < 2:
        return []
    count = min(-(-n // size), n // 2)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def groups_of(units: Sequence[Sequence[int]], size: int) -> list[tuple[int, ...]]:
    """Join the engine's groups (``units``, best first) into groups of ``size``.

    Parameters
    ----------
    units : sequence of sequences of int
        The engine's groups (pairs, maybe a trio), best first; every id appears once.
    size : int
        The wanted group size, 2 to 6.

    Returns
    -------
    list of tuple of int
        Groups whose sizes are :func:`group_sizes` of everyone in ``units``; people keep
        the order of ``units``, so a pair stays together unless a size boundary falls in it.

    Raises
    ------
    MatchingError
        If ``size`` is outside 2..6 or an id appears twice.

    Examples
    --------
    >>> groups_of([(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)], 4)
    [(1, 2, 3, 4), (5, 6, 7), (8, 9, 10)]
    >>> groups_of([(1, 2), (3, 4, 5)], 2)
    [(1, 2), (3, 4, 5)]
    >>> groups_of([(1, 2), (3, 4)], 6)
    [(1, 2, 3, 4)]

    Notes
    -----
    O(n). With ``size`` 2 the units are returned as they are (the engine already pairs).
    """
    people = [pid for unit in units for pid in unit]
    if len(set(people)) != len(people):
        raise MatchingError("a person appears in two of the engine's groups")
    if size == MIN_SIZE:
        group_sizes(len(people), size)  # validates size
        return [tuple(unit) for unit in units if len(unit) >= MIN_SIZE]
    groups: list[tuple[int, ...]] = []
    start = 0
    for n in group_sizes(len(people), size):
        groups.append(tuple(people[start:start + n]))
        start += n
    return groups


def _known(value: object) -> bool:
    return value is not None and value != ""


def partition_by(ids: Sequence[int], value_of: Mapping[int, Hashable]) -> dict[Hashable, list[int]]:
    """``ids`` split by their value, for intros within an attribute; unknown values share one part (key ``""``).

    Examples
    --------
    >>> partition_by([1, 2, 3, 4], {1: "Sales", 2: "IT", 3: "Sales", 4: ""})
    {'Sales': [1, 3], 'IT': [2], '': [4]}
    """
    parts: dict[Hashable, list[int]] = {}
    for pid in ids:
        value = value_of.get(pid)
        parts.setdefault(value if _known(value) else "", []).append(pid)
    return parts


def same_value_pairs(groups: Sequence[Sequence[int]], value_of: Mapping[int, Hashable]) -> int:
    """How many pairs inside ``groups`` share a known value (0 when every intro crosses).

    Examples
    --------
    >>> same_value_pairs([(1, 2), (3, 4)], {1: "a", 2: "a", 3: "b", 4: ""})
    1
    """
    count = 0
    for group in groups:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                va, vb = value_of.get(a), value_of.get(b)
                count += _known(va) and va == vb
    return count


def cross_repair(pairs: Sequence[tuple[int, int]], value_of: Mapping[int, Hashable]) -> list[tuple[int, int]]:
    """Swap partners between pairs that share a known value so that as many pairs as possible cross it.

    Parameters
    ----------
    pairs : sequence of (int, int)
        Pairs, best first.
    value_of : mapping
        Each person's value of the attribute to cross (``""``/None: unknown, crosses anything).

    Returns
    -------
    list of (int, int)
        The same people in as many pairs; never more same-value pairs than before.

    Examples
    --------
    >>> cross_repair([(1, 2), (3, 4)], {1: "a", 2: "a", 3: "b", 4: "b"})
    [(1, 3), (2, 4)]
    >>> cross_repair([(1, 2), (3, 4)], {1: "a", 2: "a", 3: "a", 4: "a"})
    [(1, 2), (3, 4)]

    Notes
    -----
    Greedy, O(p * s) for p pairs of which s share a value: each same-value pair swaps
    with the first pair it can swap with so that both new pairs cross.
    """
    out = [tuple(p) for p in pairs]

    def crosses(a: int, b: int) -> bool:
        va, vb = value_of.get(a), value_of.get(b)
        return not (_known(va) and va == vb)

    for i in range(len(out)):
        a, b = out[i]
        if crosses(a, b):
            continue
        for j in range(len(out)):
            if j == i:
                continue
            c, d = out[j]
            if crosses(a, c) and crosses(b, d):
                out[i], out[j] = (a, c), (b, d)
                break
            if crosses(a, d) and crosses(b, c):
                out[i], out[j] = (a, d), (b, c)
                break
    return [(int(a), int(b)) for a, b in out]


def seat_groups(
    first: Sequence[int],
    others: Sequence[int],
    size: int,
    score: Callable[[int, int], float],
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Groups of one person of the first seat (a mentor) and ``size - 1`` of the other (mentees).

    Parameters
    ----------
    first, others : sequence of int
        People in the first seat and in the other seat.
    size : int
        Group size, 2 to 6 (one of ``first`` and ``size - 1`` of ``others``).
    score : callable
        ``score(f, o)``: how good it is to put ``o`` with ``f`` (higher is better; ``-inf``: never).

    Returns
    -------
    (groups, left) : list of tuple of int, list of int
        The groups (first-seat person first), and everyone in no group.

    Examples
    --------
    >>> seat_groups([1, 2], [10, 11, 12], 2, lambda f, o: -abs(f * 10 - o))
    ([(1, 10), (2, 12)], [11])
    >>> seat_groups([1], [10, 11, 12], 3, lambda f, o: 0.0)
    ([(1, 10, 11)], [12])

    Notes
    -----
    Greedy by score over all first x other pairs, O(f * o * log(f * o)); cohorts are small.
    Ties break by the order of ``first`` and ``others``, so it is deterministic.
    """
    group_sizes(max(size, 2), size)  # validates size
    ranked = sorted(
        ((score(f, o), i, j) for i, f in enumerate(first) for j, o in enumerate(others)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    taken: dict[int, list[int]] = {f: [] for f in first}
    used: set[int] = set()
    for value, i, j in ranked:
        f, o = first[i], others[j]
        if value == float("-inf") or o in used or len(taken[f]) >= size - 1:
            continue
        taken[f].append(o)
        used.add(o)
    groups = [(f, *taken[f]) for f in first if taken[f]]
    left = [f for f in first if not taken[f]] + [o for o in others if o not in used]
    return groups, left
