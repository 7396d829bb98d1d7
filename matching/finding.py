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

from matching.paths import How, TieIndex, WarmPath, warm_paths

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
        ``(kind, normalised term)`` → ``(positions, term as written)`` for skills, interests and topics.
    organisations : dict
        Normalised organisation → list of :class:`Fact` and positions, aligned.
    findable : numpy.ndarray of bool
        May be found for skills, interests and topics, and be a step of someone's path.
    findable_external : numpy.ndarray of bool
        May be found for their outside organisations.
    """

    terms: dict[tuple[str, str], tuple[np.ndarray, str]]
    organisations: dict[str, tuple[np.ndarray, tuple[Fact, ...]]]
    findable: np.ndarray
    findable_external: np.ndarray
    #: kind → word → the terms containing it, so a query looks at a few terms, not all.
    _words: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict, repr=False)

    def matches(self, query: str) -> dict[int, tuple[float, list[Fact]]]:
        """Position → (relevance, facts) for everyone who may be found for ``query``."""
        q = normalise(query)
        words = set(q.split())
        found: dict[int, tuple[float, list[Fact]]] = {}

        def add(position: int, relevance: float, fact: Fact) -> None:
            best, facts = found.get(position, (0.0, []))
            facts.append(fact)
            found[position] = (max(best, relevance), facts)

        for kind, (exact, partial) in WEIGHTS.items():
            index = self._words.get(kind, {})
            candidates = frozenset.intersection(*(index.get(w, frozenset()) for w in words)) if words else frozenset()
            for term in sorted(candidates):
                if term == q:
                    relevance = exact
                else:
                    relevance = partial
                positions, written = self.terms[(kind, term)]
                for position in positions[self.findable[positions]].tolist():
                    add(position, relevance, Fact(kind, written))
        if q in self.organisations:
            positions, facts = self.organisations[q]
            for position, fact in zip(positions.tolist(), facts, strict=True):
                if self.findable_external[position]:
                    add(position, 0.5 + 0.1 * fact.strength, fact)
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
    >>> sorted((p, round(r, 2)) for p, (r, _) in d.matches("kubernetes").items())
    [(0, 1.0), (2, 0.4)]
    >>> [(p, f.detail) for p, (_, facts) in d.matches("GLOBEX").items() for f in facts]
    [(1, 'client')]
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
        organisations={key: (np.array(p, dtype=np.int64), tuple(f)) for key, (p, f) in by_org.items()},
        findable=np.asarray(findable, dtype=bool),
        findable_external=np.asarray(findable_external, dtype=bool),
        _words={kind: {w: frozenset(t) for w, t in index.items()} for kind, index in words.items()},
    )


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
    matches = people.matches(query)
    matches.pop(asker, None)
    for position in exclude or ():
        matches.pop(position, None)
    if not matches:
        return []
    paths = warm_paths(ties, asker, matches.keys(), people.findable, max_hops=max_hops, how=how)
    helpers = []
    for position, (relevance, facts) in matches.items():
        path = paths.get(position)
        score = relevance * (path.strength if path else NO_PATH)
        helpers.append(Helper(position, relevance, tuple(facts), path, score))
    helpers.sort(key=lambda h: (-h.score, -(h.path.oldest_contact if h.path else 0), h.position))
    return helpers[:limit]
