"""An intro round: who meets whom this week, why, and who is left out and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import networkx as nx
import numpy as np

from matching.config import RoundConfig as RoundConfig  # re-exported: make_round's configuration
from matching.errors import UnknownPersonError
from matching.explain import explain_groups, left_out_reason
from matching.pairing import block_matching, split_blocks
from matching.people import Group, History, LeftOut, Person
from matching.repair import Pairing
from matching.roster import Organisation, Roster, build_roster
from matching.rules import ineligibility, pair_key, recent_pairs


@dataclass(frozen=True, slots=True)
class RoundResult:
    """The groups of a round (sorted by first member) and the people left out (by id)."""

    groups: tuple[Group, ...]
    left_out: tuple[LeftOut, ...]


def make_round(
    people: Mapping[int, Person],
    participants: Iterable[int],
    graph: nx.Graph,
    history: History,
    on: date,
    config: RoundConfig = RoundConfig(),  # noqa: B008 - frozen, so sharing the default is safe
    seed: int = 0,
    organisation: Organisation | None = None,
) -> RoundResult:
    """Make one round of intros: pairs (and at most one trio) that break silos, with reasons.

    Parameters
    ----------
    people : mapping of int to Person
        Everyone in the organisation, by id (their groups and ties define the silos).
    participants : iterable of int
        Ids of the people wanting an intro this round (duplicates are ignored).
    graph : networkx.Graph
        Interaction graph on person ids; edges may carry ``weight`` and ``since``.
        It may hold people who are not participants.
    history : History
        Past intros (for the repeat window) and who was left out last round.
    on : datetime.date
        The day of the round.
    config : RoundConfig, optional
    seed : int, optional
        The same inputs and seed always give the same round.
    organisation : Organisation, optional
        :func:`matching.roster.describe_organisation` of ``people`` and ``graph`` with
        ``config.hub_share``: several rounds over parts of the same organisation (programs)
        share it instead of each paying O(N + E) for it. The round is the same either way.

    Returns
    -------
    RoundResult
        Every participant is in exactly one group or in ``left_out``.

    Raises
    ------
    UnknownPersonError
        If a participant id is not a key of ``people``.

    Examples
    --------
    >>> import networkx as nx
    >>> from datetime import date
    >>> from matching.people import Person, History
    >>> people = {1: Person(1, "Engineering", "EMEA", 3), 2: Person(2, "Sales", "EMEA", 4),
    ...           3: Person(3, "Engineering", "EMEA", 3, opted_in=False)}
    >>> result = make_round(people, [1, 2, 3], nx.Graph(), History(), date(2026, 11, 23))
    >>> [g.members for g in result.groups], [(x.person_id, x.code) for x in result.left_out]
    ([(1, 2)], [(3, 'not_opted_in')])
    >>> result.groups[0].reasons[0]
    'You work in different functions: Engineering and Sales.'

    Notes
    -----
    Participants are shuffled (by ``seed``) into blocks of about ``block_size``; inside
    a block every allowed pair is scored, each person keeps their best
    ``candidates_per_person`` partners plus ``exploration_per_person`` random ones, and
    a near-exact maximum-weight matching (:func:`matching.maxweight.relaxed_matching`)
    pairs the block. People left unpaired are then matched across blocks, people left
    out last round may take a partner from someone who was not, and one trio absorbs a
    last person. Time is O(n * block_size) for scoring plus about linear for the
    matchings (25-40 s and 0.7 GB for 100,000 people with 20 ties each on a busy
    2-core machine, see ``matching/README.md``); memory O(N + E + block_size^2). With
    ``organisation`` given, the O(N + E) part is paid once for all the rounds sharing it.
    """
    ids = sorted(set(participants))
    missing = [pid for pid in ids if pid not in people]
    if missing:
        raise UnknownPersonError(f"No person with id {missing[0]!r} among the organisation's people")
    left_out: list[LeftOut] = []
    eligible: list[int] = []
    for pid in ids:
        code = ineligibility(people[pid], on)
        if code is None:
            eligible.append(pid)
        else:
            reason = left_out_reason(code, config.min_overlap_hours, people[pid].paused_until)
            left_out.append(LeftOut(pid, code, reason))

    forbidden = recent_pairs(history, on, config.repeat_window_weeks)
    eligible_set = set(eligible)
    for pid in eligible:
        forbidden.update(pair_key(pid, other) for other in people[pid].do_not_match if other in eligible_set)
    roster = build_roster(people, eligible, graph, forbidden, config.hub_share, organisation)
    priority = np.fromiter((pid in history.left_out_last_round for pid in eligible), dtype=bool,
                           count=len(eligible))
    rng = np.random.default_rng(seed)
    pairing = Pairing(roster, config, priority)

    order = rng.permutation(roster.n)
    size = roster.n if roster.n <= config.single_block_up_to else config.block_size
    for block in split_blocks(order, max(size, 2)):
        pairing.add_pairs(_match(roster, block, config, priority, rng))
    leftovers = pairing.unmatched()
    for block in split_blocks(leftovers, config.block_size):
        pairing.add_pairs(_match(roster, np.sort(block), config, priority, rng, leftovers=True))
    pairing.give_priority_people_a_partner()
    pairing.add_trio()

    made = pairing.groups()
    explained = explain_groups(roster, [members for members, _ in made], config.min_overlap_hours)
    groups = [
        Group(tuple(int(roster.ids[m]) for m in members), round(score, 4), reasons)
        for (members, score), reasons in zip(made, explained, strict=True)
    ]
    for m, code, rules, all_paired in pairing.left_out_codes():
        reason = left_out_reason(code, config.min_overlap_hours, rules=rules, all_paired=all_paired,
                                 max_level_gap=config.max_level_gap)
        left_out.append(LeftOut(int(roster.ids[m]), code, reason))
    groups.sort(key=lambda g: g.members)
    left_out.sort(key=lambda x: x.person_id)
    return RoundResult(tuple(groups), tuple(left_out))


#: The leftover pass keeps up to this many candidates per person, and is exact up to this many people.
_LEFTOVER_CANDIDATES = 30
_LEFTOVER_EXACT = 400


def _match(
    roster: Roster, block: np.ndarray, config: RoundConfig, priority: np.ndarray,
    rng: np.random.Generator, leftovers: bool = False,
) -> list[tuple[int, int]]:
    """Pair a block; for the leftover pass, with more candidates and exactly when small."""
    k = min(len(block), _LEFTOVER_CANDIDATES) if leftovers else config.candidates_per_person
    return block_matching(
        roster, block, config.weights, config.min_overlap_hours, config.max_level_gap,
        k, 0 if leftovers else config.exploration_per_person, priority, config.priority_bonus, rng,
        exact=leftovers and len(block) <= _LEFTOVER_EXACT, refine=0 if leftovers else config.refine_passes,
    )
