"""How a round is made: :class:`RoundConfig`, shared by the round (:mod:`matching.rounds`) and its repair."""

from __future__ import annotations

from dataclasses import dataclass, field

from matching.errors import InvalidConfigError
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
