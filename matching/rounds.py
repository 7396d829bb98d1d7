"""An intro round: who meets whom this week, why, and who is left out and why."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import numpy as np

from matching.errors import InvalidConfigError, UnknownPersonError
from matching.explain import explain_groups, left_out_reason
from matching.pairing import block_matching, split_blocks
from matching.people import Group, History, LeftOut, Person
from matching.repair import Pairing
from matching.roster import Roster, build_roster
from matching.rules import ineligibility, pair_key, recent_pairs
from matching.scoring import ScoreWeights


@dataclass(frozen=True, slots=True)
class RoundConfig:
    """How a round is made. Every field has a default that suits a weekly round.

    Attributes
    ----------
    repeat_window_weeks : float
        The same two people are not introduced again within this many weeks (26).
    min_overlap_hours : float
        Least shared working hours across time zones (2.0).
    max_level_gap : int or None
        Largest level gap in a peer intro (4); larger gaps are mentoring's job.
        ``None`` allows any gap.
    candidates_per_person : int
        ``k``: best partners each person keeps in the candidate graph (10), and again by
        reduced weight in each refining pass.
    exploration_per_person : int
        Random allowed partners added per person, so that rounds vary with the seed and
        the candidate graph stays well connected (2).
    block_size : int
        Participants per random block; pairs are scored exhaustively inside a block (1000).
    single_block_up_to : int
        Rounds of up to this many participants are one block (2500): every pair is
        scored, at O(n^2) time and memory (about 2 s and 0.2 GB at 2,500).
    priority_bonus : float
        Added to the matching weight of every pair with someone left out last round,
        so they are paired first (10.0, more than any score).
    hub_share : float
        Share of the organisation, by number of contacts, counted as very well connected
        for the ``hub_pair`` penalty (0.1).
    refine_passes : int
        Second looks at each block (2): each person also keeps their ``k`` best partners
        by reduced weight (what the pair adds over both sides' current pairs), and the
        block is matched again. Everyone's best partners are the same few people; this
        finds the partners the optimum actually uses.
    weights : ScoreWeights
        Weight of each part of the score (see :mod:`matching.scoring`).
    """

    repeat_window_weeks: float = 26
    min_overlap_hours: float = 2.0
    max_level_gap: int | None = 4
    candidates_per_person: int = 10
    exploration_per_person: int = 2
    block_size: int = 1000
    single_block_up_to: int = 2500
    priority_bonus: float = 10.0
    hub_share: float = 0.1
    refine_passes: int = 2
    weights: ScoreWeights = field(default_factory=ScoreWeights)

    def __post_init__(self) -> None:
        if self.repeat_window_weeks < 0:
            raise InvalidConfigError(f"repeat_window_weeks must be >= 0, not {self.repeat_window_weeks!r}")
        if not 0 <= self.min_overlap_hours <= 24:
            raise InvalidConfigError(f"min_overlap_hours must be in 0..24, not {self.min_overlap_hours!r}")
        if self.max_level_gap is not None and self.max_level_gap < 0:
            raise InvalidConfigError(f"max_level_gap must be >= 0 or None, not {self.max_level_gap!r}")
        if self.candidates_per_person < 1:
            raise InvalidConfigError(f"candidates_per_person must be >= 1, not {self.candidates_per_person}")
        if self.exploration_per_person < 0:
            raise InvalidConfigError("exploration_per_person must be >= 0")
        if self.block_size < 2:
            raise InvalidConfigError(f"block_size must be >= 2, not {self.block_size!r}")
        if not 0 <= self.hub_share <= 1:
            raise InvalidConfigError(f"hub_share must be within 0..1, not {self.hub_share!r}")


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
    2-core machine, see ``matching/README.md``); memory O(N + E + block_size^2).
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
    roster = build_roster(people, eligible, graph, forbidden, config.hub_share)
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
