"""Who can help with a topic, skill or organisation, and the warmest way to reach them.

A :class:`Directory` holds what people can be found for (skills, interests,
mentoring topics, outside organisations), each with the person's own choice to be
found, over the node positions of a :class:`matching.paths.TieIndex`.
:func:`find_helpers` matches a query, searches warm paths from the asker
(:func:`matching.paths.warm_paths`) and ranks the helpers by relevance, path
strength and recency. Reasons come back as data (``Fact``), not sentences: the
caller words them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from matching.paths import How, TieIndex, WarmPath, path_tree

__all__ = ["Directory", "Fact", "Helper", "directory", "find_helpers", "normalise"]

SKILL, INTEREST, TOPIC, ORGANISATION = "skill", "interest", "topic", "organisation"
#: How much a match of each kind counts, exact and partial (all the query's words in the term).
WEIGHTS = {SKILL: (1.0, 0.7), TOPIC: (0.9, 0.7), INTEREST: (0.6, 0.4)}
#: What a helper with no path within reach is worth, relative to a path of strength 1.
NO_PATH = 0.02


def normalise(text: str) -> str:
    """How terms and queries are compared: case and spacing ignored.

    >>> normalise("  Data   Engineering ")
    'data engineering'
    """
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Fact:
    """Why someone matches: ``kind`` (skill, interest, topic, organisation) and the term as they wrote it.

    For an organisation, ``detail`` is the kind of relationship (client, partner…), ``strength``
    1–5 and ``last_contact`` a day ordinal (0 when unknown).
    """

    kind: str
    term: str
    detail: str = ""
    strength: int = 0
    last_contact: int = 0


@dataclass(frozen=True)
class Directory:
    """What each node position can be found for.

    Attributes
    ----------
    terms : dict
        ``(kind, normalised term)`` → ``(sorted positions, term as written)`` for skills, interests and topics.
    organisations : dict
        Normalised organisation → ``(sorted positions, strengths, facts)``, aligned.
    findable : numpy.ndarray of bool
        May be found for skills, interests and topics, and be a step of someone's path.
    findable_external : numpy.ndarray of bool
        May be found for their outside organisations.
    """

    terms: dict[tuple[str, str], tuple[np.ndarray, str]]
    organisations: dict[str, tuple[np.ndarray, np.ndarray, tuple[Fact, ...]]]
    findable: np.ndarray
    findable_external: np.ndarray
    #: kind → word → the terms containing it, so a query looks at a few terms, not all.
    _words: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict, repr=False)

    def _terms(self, q: str) -> list[tuple[str, str, float, np.ndarray]]:
        """(kind, written term, relevance, sorted positions) of every term the query matches."""
        words = set(q.split())
        found = []
        for kind, (exact, partial) in WEIGHTS.items():
            index = self._words.get(kind, {})
            candidates = frozenset.intersection(*(index.get(w, frozenset()) for w in words)) if words else frozenset()
            for term in sorted(candidates):
                positions, written = self.terms[(kind, term)]
                found.append((kind, written, exact if term == q else partial, positions))
        return found

    def matches(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """Everyone who may be found for ``query``: sorted positions, and each one's best relevance."""
        q = normalise(query)
        groups = []
        for _, _, weight, positions in self._terms(q):
            allowed = positions[self.findable[positions]]
            groups.append((allowed, np.full(allowed.size, weight)))
        if q in self.organisations:
            positions, strengths, _ = self.organisations[q]
            keep = self.findable_external[positions]
            groups.append((positions[keep], 0.5 + 0.1 * strengths[keep]))
        if not groups:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        positions = np.concatenate([g[0] for g in groups])
        relevance = np.concatenate([g[1] for g in groups])
        order = np.lexsort((-relevance, positions))
        positions, relevance = positions[order], relevance[order]
        first = np.r_[True, positions[1:] != positions[:-1]] if positions.size else np.zeros(0, dtype=bool)
        return positions[first], relevance[first]

    def facts(self, query: str, position: int) -> list[Fact]:
        """Why ``position`` matches ``query`` (empty when they don't, or chose not to be found for it)."""
        q = normalise(query)
        found = []
        if self.findable[position]:
            for kind, written, _, positions in self._terms(q):
                at = int(np.searchsorted(positions, position))
                if at < positions.size and int(positions[at]) == position:
                    found.append(Fact(kind, written))
        if q in self.organisations and self.findable_external[position]:
            positions, _, facts = self.organisations[q]
            at = int(np.searchsorted(positions, position))
            if at < positions.size and int(positions[at]) == position:
                found.append(facts[at])
        return found


def directory(
    size: int,
    terms: Iterable[tuple[int, str, str]],
    organisations: Iterable[tuple[int, str, str, int, int]],
    findable: np.ndarray,
    findable_external: np.ndarray,
) -> Directory:
    """Build a :class:`Directory`.

    Parameters
    ----------
    size : int
        Number of node positions.
    terms : iterable of (position, kind, term)
        ``kind`` is ``"skill"``, ``"interest"`` or ``"topic"`` (a mentoring topic they took on).
    organisations : iterable of (position, organisation, relationship kind, strength, last contact ordinal)
        One outside relationship each.
    findable, findable_external : numpy.ndarray of bool
        The people's own choices (and anything else that hides them, such as having left).

    Returns
    -------
    Directory

    Examples
    --------
    >>> import numpy as np
    >>> yes = np.ones(3, dtype=bool)
    >>> d = directory(3, [(0, "skill", "Kubernetes"), (2, "interest", "kubernetes security")],
    ...               [(1, "Globex", "client", 4, 0)], yes, np.array([False, True, False]))
    >>> positions, relevance = d.matches("kubernetes")
    >>> positions.tolist(), relevance.round(2).tolist()
    ([0, 2], [1.0, 0.4])
    >>> [f.detail for f in d.facts("GLOBEX", 1)]
    ['client']
    """
    grouped: dict[tuple[str, str], tuple[list[int], str]] = {}
    for position, kind, term in terms:
        key = (kind, normalise(term))
        if key[1]:
            grouped.setdefault(key, ([], term.strip()))[0].append(position)
    by_org: dict[str, tuple[list[int], list[Fact]]] = {}
    for position, organisation, relation, strength, last in organisations:
        entry = by_org.setdefault(normalise(organisation), ([], []))
        entry[0].append(position)
        entry[1].append(Fact(ORGANISATION, organisation, relation, strength, last))
    words: dict[str, dict[str, set[str]]] = {}
    for kind, term in grouped:
        for word in term.split():
            words.setdefault(kind, {}).setdefault(word, set()).add(term)
    return Directory(
        terms={key: (np.unique(np.array(p, dtype=np.int64)), written) for key, (p, written) in grouped.items()},
        organisations={key: _sorted(p, f) for key, (p, f) in by_org.items()},
        findable=np.asarray(findable, dtype=bool),
        findable_external=np.asarray(findable_external, dtype=bool),
        _words={kind: {w: frozenset(t) for w, t in index.items()} for kind, index in words.items()},
    )


def _sorted(positions: list[int], facts: list[Fact]) -> tuple[np.ndarray, np.ndarray, tuple[Fact, ...]]:
    order = np.argsort(np.array(positions, dtype=np.int64), kind="stable")
    strengths = np.array([f.strength for f in facts], dtype=np.float64)
    return np.array(positions, dtype=np.int64)[order], strengths[order], tuple(facts[i] for i in order.tolist())


@dataclass(frozen=True)
class Helper:
    """Someone who can help, how well they match, and the warmest way there (None: nobody in between knows them)."""

    position: int
    relevance: float
    facts: tuple[Fact, ...]
    path: WarmPath | None
    score: float


def find_helpers(
    ties: TieIndex,
    people: Directory,
    asker: int,
    query: str,
    limit: int = 5,
    max_hops: int = 3,
    how: How = "reliable",
    exclude: Mapping[int, object] | None = None,
) -> list[Helper]:
    """The best ``limit`` people who can help the asker with ``query``, warmest first.

    Parameters
    ----------
    ties : TieIndex
        Who knows whom inside the company.
    people : Directory
        What people can be found for; only people who chose to be found match, and only
        people findable are steps of a path.
    asker : int
        Position of the person asking (never a helper).
    query : str
        A skill, interest, mentoring topic or organisation.
    limit : int, optional
        How many helpers to return.
    max_hops : int, optional
        Longest path from the asker, in ties (default 3).
    how : {"reliable", "widest"}, optional
        See :func:`matching.paths.warm_paths`.
    exclude : mapping, optional
        Positions never to return (e.g. people the asker asked not to be matched with).

    Returns
    -------
    list of Helper
        Ranked by ``relevance * strength`` (``NO_PATH`` for a helper no one in between
        knows), then the path's freshness (its oldest last contact, later first), then position.

    Examples
    --------
    Ana (0) knows Ben (1), who knows Cleo (2), who knows Kubernetes; Dan (3) knows it too
    but nobody knows Dan:

    >>> import numpy as np
    >>> from matching.paths import tie_index
    >>> ties = tie_index(4, np.array([0, 1]), np.array([1, 2]), np.array([0.8, 0.9]), np.array([700, 720]))
    >>> yes = np.ones(4, dtype=bool)
    >>> people = directory(4, [(2, "skill", "Kubernetes"), (3, "skill", "kubernetes")], [], yes, ~yes)
    >>> [(h.position, h.path.nodes if h.path else None) for h in find_helpers(ties, people, 0, "kubernetes")]
    [(2, (0, 1, 2)), (3, None)]
    """
    positions, relevance = people.matches(query)
    drop = np.isin(positions, np.array([asker, *(exclude or ())], dtype=np.int64))
    positions, relevance = positions[~drop], relevance[~drop]
    if not positions.size:
        return []
    tree = path_tree(ties, asker, people.findable, max_hops=max_hops, how=how, targets=positions)
    strength = tree.strength[positions]
    score = relevance * np.where(strength > 0, strength, NO_PATH)
    # rank by score, then rebuild paths only for a few more than shown (freshness breaks ties among them)
    best = np.lexsort((positions, -score))[: max(limit * 4, limit)]
    helpers = []
    for at in best.tolist():
        position = int(positions[at])
        path = tree.path(position)
        helpers.append(Helper(position, float(relevance[at]), tuple(people.facts(query, position)), path,
                              float(score[at])))
    helpers.sort(key=lambda h: (-h.score, -(h.path.oldest_contact if h.path else 0), h.position))
    return helpers[:limit]
