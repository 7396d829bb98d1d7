"""Plain words: why a group was introduced, and why someone was left out.

Every sentence is something the people in the group may read in Slack, so it only
uses what they could see anyway (functions, regions, listed interests and skills,
how many new contacts the intro opens) and never anything private: not levels, not
preferences, not "don't match me with" lists, not who was left out before.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations
from typing import NamedTuple

import numpy as np

from matching.people import known
from matching.roster import Roster
from matching.rules import (
    DO_NOT_MATCH,
    LEVEL_GAP,
    NO_VALID_PARTNER,
    NOT_OPTED_IN,
    ODD_COUNT,
    PAUSED,
    REPEAT,
    TIMEZONE,
)
from matching.scoring import new_contacts

#: Bridging value above which two groups are said to "rarely work together".
RARELY_TOGETHER = 0.75


def join_words(words: list[str]) -> str:
    """Words joined as in a sentence: ``["a", "b", "c"]`` -> ``"a, b and c"``.

    Parameters
    ----------
    words : list of str
        The words, in the order to show them.

    Returns
    -------
    str
        Commas between all but the last two, "and" before the last; the word itself
        for one word, ``""`` for none.

    Examples
    --------
    >>> join_words(["climbing", "chess"])
    'climbing and chess'
    >>> join_words(["climbing", "chess", "jazz"]), join_words(["jazz"]), join_words([])
    ('climbing, chess and jazz', 'jazz', '')

    Notes
    -----
    O(total length of ``words``).
    """
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def everyone_of_you(size: int) -> str:
    """How to address every member of a group of ``size`` at once, as a sentence's subject.

    Parameters
    ----------
    size : int
        Number of people in the intro group.

    Returns
    -------
    str
        ``"You both"`` for two (or fewer), ``"All three of you"`` up to five, digits
        beyond (``"All 6 of you"``).

    Examples
    --------
    >>> everyone_of_you(2), everyone_of_you(3), everyone_of_you(6)
    ('You both', 'All three of you', 'All 6 of you')

    Notes
    -----
    O(1).
    """
    if size <= 2:
        return "You both"
    words = {3: "three", 4: "four", 5: "five"}
    return f"All {words.get(size, str(size))} of you"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def explain_groups(
    r: Roster, groups: list[tuple[int, ...]], min_overlap_hours: float
) -> list[tuple[str, ...]]:
    """Short sentences telling each group why they were introduced.

    Parameters
    ----------
    r : Roster
    groups : list of tuple of int
        Groups of two or three participant numbers.
    min_overlap_hours : float
        Only used for the fallback sentence.

    Returns
    -------
    list of tuple of str
        Per group, most telling first; never empty.

    Examples
    --------
    >>> import networkx as nx
    >>> from matching.people import Person
    >>> from matching.roster import build_roster
    >>> people = {1: Person(1, "Engineering", "EMEA", 3, interests=frozenset({"climbing"})),
    ...           2: Person(2, "Sales", "EMEA", 3, interests=frozenset({"climbing"}))}
    >>> reasons = explain_groups(build_roster(people, [1, 2], nx.Graph(), set()), [(0, 1)], 2.0)[0]
    >>> for sentence in reasons:
    ...     print(sentence)
    You work in different functions: Engineering and Sales.
    Your groups (Engineering · EMEA and Sales · EMEA) rarely work together.
    You both listed interest in climbing.

    Notes
    -----
    O(total group size + their contacts); graph terms of all pairs are computed at once.
    """
    pairs = [pair for members in groups for pair in combinations(members, 2)]
    if not pairs:
        return []
    i = np.array([x for x, _ in pairs])
    j = np.array([y for _, y in pairs])
    known_i, known_j, tie = r.graph_terms(i, j)
    gain_i, gain_j = new_contacts(r, i, j, known_i, known_j, tie)
    new2 = (gain_i + gain_j).tolist()
    common = np.asarray(r.adjacency[r.node_row[i]].multiply(r.adjacency[r.node_row[j]]).sum(axis=1)).ravel()
    known = ((common > 0) | (tie > 0)).tolist()  # already share a colleague, or know each other
    tied = (tie > 0).tolist()
    rare = (r.bridge[r.group[i], r.group[j]] >= RARELY_TOGETHER).tolist()
    out, at = [], 0
    for members in groups:
        size = len(members) * (len(members) - 1) // 2
        sl = slice(at, at + size)
        at += size
        facts = _PairFacts(any(tied[sl]), any(known[sl]), int(sum(new2[sl])), pairs[sl], rare[sl])
        out.append(_reasons(r, members, facts, min_overlap_hours))
    return out


class _PairFacts(NamedTuple):
    tied: bool
    known: bool
    new2: int
    pairs: list[tuple[int, int]]
    rare: list[bool]


def _reasons(r: Roster, members: tuple[int, ...], facts: _PairFacts, min_overlap_hours: float) -> tuple[str, ...]:
    persons = [r.persons[m] for m in members]
    everyone = everyone_of_you(len(members))
    out: list[str] = []
    functions = sorted({p.function for p in persons})
    if len(functions) > 1 and all(map(known, functions)):  # said only when everyone's is known
        out.append(f"You work in different functions: {join_words(functions)}.")
    regions = sorted({p.region for p in persons})
    if len(regions) > 1 and all(map(known, regions)):
        out.append(f"You are in different regions: {join_words(regions)}.")

    contacts = _plural(facts.new2, "new second-degree contact", "new second-degree contacts")
    if not facts.known and facts.new2 > 0:
        out.append(f"You have no colleagues in common yet: this intro opens {contacts}.")
    elif not facts.tied and facts.new2 > 0:
        out.append(f"You don't work together yet: this intro opens {contacts}.")

    for (x, y), rare in zip(facts.pairs, facts.rare, strict=True):
        if rare:
            names = join_words(sorted({r.group_name(int(r.group[x])), r.group_name(int(r.group[y]))}))
            out.append(f"Your groups ({names}) rarely work together.")
            break

    shared = frozenset.intersection(*(p.interests for p in persons))
    if shared:
        out.append(f"{everyone} listed interest in {join_words(sorted(shared)[:3])}.")
    for a, b in ((a, b) for a in persons for b in persons if a is not b):
        taught = sorted(a.skills & b.interests)
        if taught:
            other = "the other" if len(members) == 2 else "another"
            out.append(f"One of you knows about {join_words(taught[:2])}, which {other} listed as an interest.")
            break
    if not out:
        out.append(f"You haven't been introduced yet and share at least {min_overlap_hours:g} hours "
                   "of working day: a good moment for a first chat.")
    return tuple(out)


#: How each hard rule reads in a left-out reason, as a clause about the people concerned.
_RULE_WORDS = {
    "manager": "they're in your reporting line",
    "own_list": "they're on your \"don't match me with\" list",
    "their_list": "they can't be introduced to you this time",
    REPEAT: "you've met them recently",
    LEVEL_GAP: "their level is more than {gap} apart from yours",
    TIMEZONE: "they don't share at least {hours:g} hours of your working day",
}


def left_out_reason(
    code: str,
    min_overlap_hours: float,
    paused_until: date | None = None,
    *,
    rules: tuple[str, ...] = (),
    all_paired: bool = False,
    max_level_gap: int | None = 4,
) -> str:
    """The plain-words reason for a left-out code, naming the rule that kept the person out.

    Parameters
    ----------
    code : str
        One of the codes of :class:`matching.people.LeftOut`.
    min_overlap_hours : float
        The round's least shared working hours.
    paused_until : datetime.date, optional
        For ``"paused"``: the day the pause ends.
    rules : tuple of str, optional
        For ``"no_valid_partner"``: the rules that blocked them (keys of
        :data:`matching.rules.RULES`), named in this order.
    all_paired : bool, optional
        People they could meet were all paired, and the rule blocked them from the
        people still free (rather than from everyone in the round).
    max_level_gap : int or None, optional
        The round's largest level gap, for ``"level_gap"``.

    Returns
    -------
    str
        One or two sentences; someone else's "don't match me with" list is never named.

    Raises
    ------
    ValueError
        If ``code`` is unknown.

    Examples
    --------
    >>> left_out_reason("timezone", 2.0)
    'Nobody else in this round shares at least 2 hours of your working day.'
    >>> print(left_out_reason("level_gap", 2.0, all_paired=True))
    Everyone you could meet was already paired, and the people still free are more than 4 levels apart...
    >>> print(left_out_reason("no_valid_partner", 2.0, rules=("manager", "repeat")))
    Nobody in this round was someone you could be introduced to: they're in your reporting line, or you've...

    Notes
    -----
    O(1).
    """
    priority = " You'll get priority next round."
    gap = "levels" if max_level_gap != 1 else "level"
    if code == NOT_OPTED_IN:
        return "You haven't opted in to intros, so you weren't matched this round."
    if code == PAUSED:
        until = f" until {paused_until.isoformat()}" if paused_until else ""
        return f"You paused intros{until}, so you weren't matched this round."
    if code == ODD_COUNT:
        return ("An odd number of people took part and everyone you could meet was already paired." + priority)
    if code == TIMEZONE and not all_paired:
        return f"Nobody else in this round shares at least {min_overlap_hours:g} hours of your working day."
    who, verb = (("Everyone you could meet was already paired, and the people still free", "are") if all_paired
                 else ("Everyone else in this round", "is"))
    if code == TIMEZONE:
        return f"{who} {verb} outside {min_overlap_hours:g} hours of shared working day with you.{priority}"
    if code == LEVEL_GAP:
        return (f"{who} {verb} more than {max_level_gap} {gap} apart from you (larger gaps are for "
                f"mentoring).{priority}")
    if code == REPEAT:
        return f"{who} {verb} someone you've met recently.{priority}"
    if code == DO_NOT_MATCH:
        return f"{who} {verb} on your \"don't match me with\" list.{priority}"
    if code == NO_VALID_PARTNER:
        clauses = [_RULE_WORDS[r].format(gap=f"{max_level_gap} {gap}", hours=min_overlap_hours)
                   for r in rules if r in _RULE_WORDS]
        said = ", or ".join(clauses or [_RULE_WORDS[REPEAT], _RULE_WORDS["manager"]])
        if all_paired:
            return f"Everyone you could meet was already paired, and of the people still free {said}.{priority}"
        return f"Nobody in this round was someone you could be introduced to: {said}.{priority}"
    raise ValueError(f"Unknown left-out code {code!r}")
