"""The round's pairing as it is built, and the repairs after the block matchings.

After the blocks are matched, a few people are still unpaired. :class:`Pairing`
gives people left out last round a partner when any allowed partner exists (taking
one from someone who was not left out last round), puts a last person into the one
trio, and says why anyone still unpaired is left out.
"""

from __future__ import annotations

import numpy as np

from matching.config import RoundConfig
from matching.roster import Roster
from matching.rules import (
    DO_NOT_MATCH,
    LEVEL_GAP,
    NO_VALID_PARTNER,
    ODD_COUNT,
    REPEAT,
    RULES,
    TIMEZONE,
    allowed_pairs,
    rule_masks,
)
from matching.scoring import score_pairs


class Pairing:
    """Who is paired with whom (participant numbers), plus at most one trio.

    Parameters
    ----------
    roster : Roster
    config : RoundConfig
    priority : numpy.ndarray of bool
        Per participant: left out last round.

    Notes
    -----
    Each repair scans one person against all participants: O(n) vectorised, done only
    for the few people still unpaired.
    """

    def __init__(self, roster: Roster, config: RoundConfig, priority: np.ndarray) -> None:
        self.r = roster
        self.config = config
        self.priority = priority
        self.mate = np.full(roster.n, -1, dtype=np.int64)
        self.trio: tuple[int, int, int] | None = None

    def add_pairs(self, pairs: list[tuple[int, int]]) -> None:
        """Record pairs of currently unpaired participants.

        Parameters
        ----------
        pairs : list of tuple of int
            Participant numbers; each must be unpaired so far.

        Notes
        -----
        O(len(pairs)).
        """
        for a, b in pairs:
            self.mate[a], self.mate[b] = b, a

    def unmatched(self) -> np.ndarray:
        """Participant numbers not in any group, ascending.

        Returns
        -------
        numpy.ndarray of int

        Notes
        -----
        O(n).
        """
        free = self.mate < 0
        if self.trio is not None:
            free[list(self.trio)] = False
        return np.flatnonzero(free)

    def _allowed(self, u: int) -> np.ndarray:
        """Mask of the participants ``u`` may be paired with."""
        cfg = self.config
        return allowed_pairs(self.r, np.int64(u), np.arange(self.r.n), cfg.min_overlap_hours, cfg.max_level_gap)

    def _scores(self, u: int, partners: np.ndarray) -> np.ndarray:
        us = np.full(len(partners), u)
        return score_pairs(self.r, us, partners, *self.r.graph_terms(us, partners), self.config.weights)

    def _scan(self, u: int) -> tuple[np.ndarray, np.ndarray]:
        """Allowed partners of ``u`` among all participants, and the pair scores."""
        partners = np.flatnonzero(self._allowed(u))
        return partners, self._scores(u, partners)

    def _pair_score(self, a: int, b: int) -> float:
        i, j = np.array([a]), np.array([b])
        return float(score_pairs(self.r, i, j, *self.r.graph_terms(i, j), self.config.weights)[0])

    def give_priority_people_a_partner(self) -> None:
        """Pair everyone left out last round who has an allowed partner not also in that case.

        A free allowed partner is taken first; otherwise the partner of someone who was
        not left out last round, choosing the swap that loses the least score. The
        person who loses their partner is paired again with a free allowed partner
        when there is one.

        Notes
        -----
        O(n) per unpaired priority person (one vectorised scan of all participants),
        plus O(p) for their p allowed partners.
        """
        for u in self.unmatched():
            if not self.priority[u] or self.mate[u] >= 0:
                continue
            partners, scores = self._scan(int(u))
            if len(partners) == 0:
                continue
            mates = self.mate[partners]
            free = (mates < 0) & (partners != u)
            if self.trio is not None:
                free &= ~np.isin(partners, self.trio)
            if free.any():
                best = partners[free][np.argmax(scores[free])]
                self.add_pairs([(int(u), int(best))])
                continue
            takeable = (mates >= 0) & ~self.priority[np.maximum(mates, 0)]
            if not takeable.any():
                continue
            loss = np.array([self._pair_score(int(q), int(self.mate[q])) for q in partners[takeable]])
            pick = int(np.argmax(scores[takeable] - loss))
            q = int(partners[takeable][pick])
            dropped = int(self.mate[q])
            self.mate[dropped] = -1
            self.add_pairs([(int(u), q)])
            others, other_scores = self._scan(dropped)
            free = (self.mate[others] < 0) & (others != u)
            if free.any():
                self.add_pairs([(dropped, int(others[free][np.argmax(other_scores[free])]))])

    def add_trio(self) -> None:
        """Join one unpaired person to a pair, when all three pairs are allowed.

        Priority people go first; among them, the trio with the best added score.

        Notes
        -----
        O(n) per unpaired person tried, stopping at the first one who fits a trio.
        """
        best: tuple[float, int, int, int] | None = None
        for u in sorted(self.unmatched(), key=lambda x: not self.priority[x]):
            ok = self._allowed(int(u))
            first = np.flatnonzero(ok & (self.mate > np.arange(self.r.n)))
            first = first[ok[self.mate[first]]]
            if len(first) == 0:
                continue
            second = self.mate[first]
            gain = self._scores(int(u), first) + self._scores(int(u), second)
            k = int(np.argmax(gain))
            best = (float(gain[k]), int(u), int(first[k]), int(second[k]))
            break
        if best is not None:
            _, u, a, b = best
            self.mate[[a, b]] = -1
            self.trio = (u, a, b)

    def groups(self) -> list[tuple[tuple[int, ...], float]]:
        """Groups as participant numbers in id order, with their scores.

        A pair's score is the pair score; a trio's is the mean of its three pair scores.

        Returns
        -------
        list of (tuple of int, float)

        Notes
        -----
        O(n) vectorised, plus the graph terms of every pair.
        """
        a = np.flatnonzero(self.mate > np.arange(self.r.n))
        b = self.mate[a]
        scores = score_pairs(self.r, a, b, *self.r.graph_terms(a, b), self.config.weights) if len(a) else np.zeros(0)
        out: list[tuple[tuple[int, ...], float]] = [
            ((int(x), int(y)), float(s)) for x, y, s in zip(a, b, scores, strict=True)
        ]
        if self.trio is not None:
            t = tuple(sorted(self.trio))
            mean = np.mean([self._pair_score(t[0], t[1]), self._pair_score(t[0], t[2]),
                            self._pair_score(t[1], t[2])])
            out.append((t, float(mean)))
        return out

    def left_out_codes(self) -> list[tuple[int, str, tuple[str, ...], bool]]:
        """Why each unpaired participant is left out: the rule that actually kept them out.

        Returns
        -------
        list of (int, str, tuple of str, bool)
            Participant number, code, the rules involved (see :data:`matching.rules.RULES`)
            and whether people they could meet exist but were all paired. The code is
            ``"odd_count"`` when allowed partners exist, all were paired and nobody else is
            free; otherwise the rule that blocks the person from everyone who was free to
            meet them (everyone in the round when nobody at all was allowed, else the
            others still unpaired): ``"timezone"``, ``"level_gap"``, ``"repeat"`` or
            ``"do_not_match"`` (their own list) when that one rule blocks all of them, and
            ``"no_valid_partner"`` when it takes several rules, their reporting line or
            someone else's list.

        Notes
        -----
        O(n) per unpaired participant.
        """
        out: list[tuple[int, str, tuple[str, ...], bool]] = []
        cfg = self.config
        unpaired = self.unmatched()
        for u in unpaired:
            u = int(u)
            others = np.flatnonzero(np.arange(self.r.n) != u)
            masks = rule_masks(self.r, u, others, cfg.min_overlap_hours, cfg.max_level_gap)
            if len(others) == 0:  # alone in the round
                out.append((u, ODD_COUNT, (), False))
                continue
            blocked = np.zeros(len(others), dtype=bool)
            for mask in masks.values():
                blocked |= mask
            all_paired = not blocked.all()
            if all_paired:
                free = np.isin(others, unpaired)
                if not free.any() or not blocked[free].all():
                    out.append((u, ODD_COUNT, (), True))
                    continue
                masks = {rule: mask[free] for rule, mask in masks.items()}
            out.append((u, *_blocking_code(masks), all_paired))
        return out


def _blocking_code(masks: dict[str, np.ndarray]) -> tuple[str, tuple[str, ...]]:
    """The code naming what blocks every pair in ``masks``, and the rules it takes."""
    for rule in (TIMEZONE, LEVEL_GAP, REPEAT):
        if masks[rule].all():
            return rule, (rule,)
    if masks["own_list"].all():
        return DO_NOT_MATCH, ("own_list",)
    # Several rules: name, for each person, the first rule in the order pair_violation checks.
    named: list[str] = []
    left = np.ones(len(masks[TIMEZONE]), dtype=bool)
    for rule in RULES:
        hit = left & masks[rule]
        if hit.any():
            named.append(rule)
            left &= ~hit
    return NO_VALID_PARTNER, tuple(named)
