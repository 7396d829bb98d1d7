"""The round's participants as arrays, so that rules and scores run on many pairs at once.

A :class:`Roster` is built once per round. Participants are numbered ``0..n-1`` in
increasing id order; every array here is indexed by that number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matching.people import Person

#: The code of an unknown function or region (``""`` or ``None``).
UNKNOWN = -1
#: Only the most common interests and skills count towards the vectorised score.
VOCABULARY_LIMIT = 256
_NO_ID = np.iinfo(np.int64).min


@dataclass(eq=False)
class Roster:
    """Participants' attributes and the organisation's structure, as numpy arrays.

    Build it with :func:`build_roster`. ``group`` is function x region, the unit of
    silo-bridging; ``bridge[g, h]`` is 1 when groups ``g`` and ``h`` have no ties at
    all and 0 when they are at least as tied as two groups are on average.

    Unknown is unknown: a function or region that is ``""`` or ``None`` has code
    :data:`UNKNOWN` (-1) and puts the person in the unknown group (the last row and
    column of ``bridge``, all zeros); an unknown level (``None``) has ``level_known``
    False. No rule fires on an unknown value: it is neither the same as, nor different
    from, anyone's.
    """

    persons: list[Person]
    ids: np.ndarray
    function: np.ndarray
    region: np.ndarray
    group: np.ndarray
    level: np.ndarray
    level_known: np.ndarray
    team: np.ndarray
    manager: np.ndarray
    utc_start: np.ndarray
    utc_end: np.ndarray
    interests: np.ndarray
    skills: np.ndarray
    prefers_other_function: np.ndarray
    prefers_other_region: np.ndarray
    degree: np.ndarray
    hub: np.ndarray
    node_row: np.ndarray
    adjacency: sp.csr_array
    bridge: np.ndarray
    function_names: list[str]
    region_names: list[str]
    forbidden: np.ndarray
    own_lists: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Typical new contacts of a pair: twice the organisation's mean number of contacts (at least 1).
    novelty_scale: float = 1.0
    #: Graph row of every person in the organisation (the spare empty row for those without ties).
    org_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    window: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    window_start: np.ndarray = field(default_factory=lambda: np.zeros(0))
    window_end: np.ndarray = field(default_factory=lambda: np.zeros(0))
    cache: dict[object, object] = field(default_factory=dict)
    #: What every roster over the same organisation shares (``Organisation.cache``): A + I, everyone's reach.
    shared: dict[object, object] = field(default_factory=dict)

    @property
    def degree32(self) -> np.ndarray:
        """``degree`` as float32, for the vectorised score."""
        found = self.cache.get("degree32")
        if found is None:
            found = self.cache["degree32"] = self.degree.astype(np.float32)
        return found  # type: ignore[return-value]

    @property
    def n(self) -> int:
        """Number of participants."""
        return len(self.persons)

    def group_name(self, g: int) -> str:
        """Plain-words name of a function x region group, e.g. ``"Sales · APAC"``.

        Parameters
        ----------
        g : int
            A group code, as in ``Roster.group``.

        Returns
        -------
        str
        """
        nr = len(self.region_names)
        if g >= len(self.function_names) * nr:
            return ""  # the unknown group
        return f"{self.function_names[g // nr]} · {self.region_names[g % nr]}"

    def two_hop(self, rows: np.ndarray) -> sp.csr_array:
        """Who is within two hops of each of the given graph rows, themselves included, as 0/1 rows.

        Parameters
        ----------
        rows : numpy.ndarray of int
            Rows of ``adjacency`` (``node_row`` of participants).

        Returns
        -------
        scipy.sparse.csr_array, shape (len(rows), N + 1)
            Row ``k`` holds ``rows[k]`` itself.

        Notes
        -----
        One sparse product ``(A + I)_rows (A + I)``: O(sum of the rows' second-degree sizes).
        """
        closed = self.shared.get("closed")
        if closed is None:  # A + I: one product then gives the contacts, their contacts, and oneself
            eye = sp.eye_array(self.adjacency.shape[0], dtype=np.float32, format="csr")
            closed = self.shared["closed"] = (self.adjacency + eye).tocsr()
        c = closed[rows] @ closed  # type: ignore[index]
        c.data[:] = 1.0
        return c

    @property
    def reach_scale(self) -> float:
        """Median reach in the organisation (at least 1): the reach at which a new contact counts half."""
        found = self.shared.get("reach_scale")
        if found is None:
            row_reach = self._row_reach()
            found = max(1.0, float(np.median(row_reach[self.org_rows]))) if len(self.org_rows) else 1.0
            self.shared["reach_scale"] = found
        return found  # type: ignore[return-value]

    @property
    def reach(self) -> np.ndarray:
        """Per participant, how many people are within two hops of them (float32)."""
        reach: NDArray[np.float32] = self._row_reach()[self.node_row]
        return reach

    def _row_reach(self) -> np.ndarray:
        """Reach of every graph row of a person in the organisation (participants are among them), computed once
        per organisation."""
        found = self.shared.get("row_reach")
        if found is None:
            rows = np.unique(self.org_rows)
            found = np.zeros(self.adjacency.shape[0], dtype=np.float32)
            for start in range(0, len(rows), 1000):
                chunk = rows[start:start + 1000]
                found[chunk] = np.diff(self.two_hop(chunk).indptr) - 1
            self.shared["row_reach"] = found
        return found  # type: ignore[return-value]

    def graph_terms(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """What each side of pairs ``(i[k], j[k])`` already reaches of the other's contacts, and ties.

        Parameters
        ----------
        i, j : numpy.ndarray of int
            Participant numbers, flat arrays of the same length.

        Returns
        -------
        known_i, known_j, tie : numpy.ndarray of float32
            ``known_i``: contacts of ``j`` who are ``i`` or already within two hops of
            ``i`` (so not new to ``i``); ``known_j`` the same the other way; ``tie``: 1
            where they have a direct tie, else 0.

        Notes
        -----
        O(len(i) x second-degree contacts per person), with sparse row products.
        """
        if len(i) == 0:
            empty = np.zeros(0, dtype=np.float32)
            return empty, empty, empty
        a = self.adjacency
        ri, rj = self.node_row[i], self.node_row[j]
        known_i = np.asarray(self.two_hop(ri).multiply(a[rj]).sum(axis=1)).ravel()
        known_j = np.asarray(self.two_hop(rj).multiply(a[ri]).sum(axis=1)).ravel()
        tie = np.asarray(a[ri, rj]).ravel()
        return known_i.astype(np.float32), known_j.astype(np.float32), tie.astype(np.float32)

    def block_graph_terms(self, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For every pair within ``members``: contacts already reached, and direct ties, as square matrices.

        Parameters
        ----------
        members : numpy.ndarray of int
            Participant numbers of a block.

        Returns
        -------
        known, tie : numpy.ndarray, shape (B, B)
            ``known[x, y]``: contacts of ``members[y]`` who are ``members[x]`` or already
            within two hops of them (so ``known.T`` is the other side's); ``tie`` 1 for a
            direct tie.

        Notes
        -----
        Sparse products ``C_B A_B^T`` (``C_B``: the block's two-hop rows): O(B^2) memory,
        and time O(B x second-degree contacts per person), small for random blocks.
        """
        rows = self.adjacency[self.node_row[members]]
        known = (self.two_hop(self.node_row[members]) @ rows.T).toarray()
        tie = rows[:, self.node_row[members]].toarray()
        return known.astype(np.float32, copy=False), tie.astype(np.float32, copy=False)


def _codes(values: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    names = sorted(set(values))
    index = {v: k for k, v in enumerate(names)}
    return np.fromiter((index[v] for v in values), dtype=np.int32, count=len(values)), names


def _bitsets(sets: Sequence[frozenset[str]], vocabulary: list[str]) -> np.ndarray:
    words = max(1, (len(vocabulary) + 63) // 64)
    index = {t: k for k, t in enumerate(vocabulary)}
    rows = [row for row, s in enumerate(sets) for t in s if t in index]
    bits = np.array([index[t] for s in sets for t in s if t in index], dtype=np.uint64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    if len(bits):
        np.bitwise_or.at(out, (np.array(rows), (bits // 64).astype(np.int64)), np.uint64(1) << (bits % 64))
    return out


def _adjacency(graph: nx.Graph) -> tuple[sp.csr_array, dict[int, int], np.ndarray, np.ndarray]:
    nodes = list(graph.nodes)
    pos = {v: k for k, v in enumerate(nodes)}
    m = graph.number_of_edges()
    us = np.empty(m, dtype=np.int64)
    vs = np.empty(m, dtype=np.int64)
    for k, (u, v) in enumerate(graph.edges()):
        us[k] = pos[u]
        vs[k] = pos[v]
    keep = us != vs
    us, vs = us[keep], vs[keep]
    size = len(nodes) + 1  # the extra, empty row stands for people with no ties yet
    data = np.ones(2 * len(us), dtype=np.float32)
    adj = sp.csr_array((data, (np.concatenate([us, vs]), np.concatenate([vs, us]))), shape=(size, size))
    adj.sum_duplicates()
    adj.data[:] = 1.0
    return adj, pos, us, vs


def _bridge_matrix(
    people: Mapping[int, Person], pos: dict[int, int], us: np.ndarray, vs: np.ndarray,
    fcode: dict[str, int], rcode: dict[str, int], n_nodes: int,
) -> np.ndarray:
    nr = len(rcode)
    ng = len(fcode) * nr
    node_group = np.full(n_nodes, -1, dtype=np.int64)
    sizes = np.zeros(ng)
    for pid, p in people.items():
        if not p.function or not p.region:
            continue  # the unknown group: no silo to bridge
        g = fcode[p.function] * nr + rcode[p.region]
        sizes[g] += 1
        k = pos.get(pid)
        if k is not None:
            node_group[k] = g
    gu, gv = node_group[us], node_group[vs]
    inside = (gu >= 0) & (gv >= 0)
    ties = np.bincount(gu[inside] * ng + gv[inside], minlength=ng * ng).reshape(ng, ng).astype(float)
    ties = ties + ties.T
    pairs = np.outer(sizes, sizes)
    off = ~np.eye(ng, dtype=bool)
    total_pairs = pairs[off].sum()
    mean_density = ties[off].sum() / total_pairs if total_pairs else 0.0
    if mean_density == 0:
        bridge = off.astype(float)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            density = np.where(pairs > 0, ties / pairs, 0.0)
        bridge = np.clip(1.0 - density / mean_density, 0.0, 1.0) * off
    return np.pad(bridge, ((0, 1), (0, 1)))  # the last row and column: the unknown group, bridging nothing


@dataclass(eq=False)
class Organisation:
    """What every round over the same people and graph shares, built once by :func:`describe_organisation`.

    The graph as a sparse matrix (``pos``: person id to row; the last row, empty, stands
    for people without ties), the function x region groups and how rarely they work
    together (``bridge``), the degree above which someone is a hub, the typical number
    of new contacts (``novelty_scale``) and, in ``cache``, everyone's reach once a round
    has needed it. Several rounds on parts of the organisation (programs) pass the same
    one to :func:`build_roster` instead of paying for it each time.
    """

    people_count: int
    adjacency: sp.csr_array
    pos: dict[int, int]
    function_names: list[str]
    region_names: list[str]
    bridge: np.ndarray
    degree: np.ndarray
    org_rows: np.ndarray
    hub_threshold: float
    novelty_scale: float
    cache: dict[object, object] = field(default_factory=dict)


def describe_organisation(people: Mapping[int, Person], graph: nx.Graph, hub_share: float = 0.1) -> Organisation:
    """The structure of the organisation that rounds over ``people`` and ``graph`` share.

    Parameters
    ----------
    people : mapping of int to Person
        Everyone in the organisation (gives the groups and their ties).
    graph : networkx.Graph
        Interaction graph on person ids (may hold non-people).
    hub_share : float
        Share of the organisation, by number of contacts, counted as very well connected.

    Returns
    -------
    Organisation
        Valid for participants among ``people``, with the same functions and regions
        (other fields of a person, such as preferences, may differ).

    Examples
    --------
    >>> org = describe_organisation({1: Person(1, "IT", "EMEA", 3), 2: Person(2, "HR", "EMEA", 3)},
    ...                             nx.Graph([(1, 2)]))
    >>> org.function_names, org.degree.tolist()
    (['HR', 'IT'], [1.0, 1.0, 0.0])

    Notes
    -----
    O(N + E) for N people and E ties; everyone's reach, computed by the first round that
    needs it, costs one sparse product over the organisation.
    """
    fnames = sorted({p.function for p in people.values() if p.function})
    rnames = sorted({p.region for p in people.values() if p.region})
    fcode = {f: k for k, f in enumerate(fnames)}
    rcode = {r: k for k, r in enumerate(rnames)}
    adj, pos, us, vs = _adjacency(graph)
    empty_row = adj.shape[0] - 1
    degree = np.diff(adj.indptr).astype(float)
    tied_rows = np.fromiter((pos[i] for i in people if i in pos), dtype=np.int64)
    org_degree = np.concatenate([degree[tied_rows], np.zeros(len(people) - len(tied_rows))])
    threshold = np.quantile(org_degree, 1.0 - hub_share) if len(org_degree) and hub_share > 0 else np.inf
    return Organisation(
        people_count=len(people), adjacency=adj, pos=pos, function_names=fnames, region_names=rnames,
        bridge=_bridge_matrix(people, pos, us, vs, fcode, rcode, adj.shape[0]), degree=degree,
        org_rows=np.fromiter((pos.get(i, empty_row) for i in people), dtype=np.int64, count=len(people)),
        hub_threshold=float(threshold),
        novelty_scale=max(1.0, 2.0 * float(org_degree.mean())) if len(org_degree) else 1.0,
    )


def build_roster(
    people: Mapping[int, Person],
    participant_ids: Sequence[int],
    graph: nx.Graph,
    forbidden_pairs: set[tuple[int, int]],
    hub_share: float = 0.1,
    organisation: Organisation | None = None,
) -> Roster:
    """Turn participants, the organisation and the graph into a :class:`Roster`.

    Parameters
    ----------
    people : mapping of int to Person
        Everyone in the organisation (gives the groups and their ties).
    participant_ids : sequence of int
        Ids that take part, sorted; all must be keys of ``people``.
    graph : networkx.Graph
        Interaction graph on person ids (may hold non-participants and non-people).
    forbidden_pairs : set of tuple of int
        Pair keys that must never be formed (recent intros, "don't match me with").
    hub_share : float
        Share of the organisation, by number of contacts, counted as very well connected.
    organisation : Organisation, optional
        :func:`describe_organisation` of the same ``people``, ``graph`` and ``hub_share``,
        shared by several rounds; built here when not given.

    Returns
    -------
    Roster
        Participant ``k`` is ``participant_ids[k]``.

    Raises
    ------
    KeyError
        If a participant id is not in ``people``.

    Examples
    --------
    >>> from matching.people import Person
    >>> people = {1: Person(1, "IT", "EMEA", 3), 2: Person(2, "IT", "EMEA", 3),
    ...           3: Person(3, "HR", "EMEA", 3), 4: Person(4, "HR", "EMEA", 3)}
    >>> r = build_roster(people, [1, 2, 3, 4], nx.Graph([(1, 2), (2, 3), (3, 4)]), {(1, 3)})
    >>> r.n, r.ids.tolist(), r.function_names, r.degree.tolist()
    (4, [1, 2, 3, 4], ['HR', 'IT'], [1.0, 2.0, 2.0, 1.0])
    >>> r.forbidden.tolist()  # the pair (1, 3) as participant numbers 0 * n + 2
    [2]

    Notes
    -----
    O(n) per participant attribute for n participants, plus O(N + E) for N people and E
    ties when ``organisation`` is not given.
    """
    org = describe_organisation(people, graph, hub_share) if organisation is None else organisation
    persons = [people[i] for i in participant_ids]
    n = len(persons)
    ids = np.asarray(participant_ids, dtype=np.int64)
    fnames, rnames = org.function_names, org.region_names
    fcode = {f: k for k, f in enumerate(fnames)}
    rcode = {r: k for k, r in enumerate(rnames)}
    function = np.fromiter((fcode[p.function] if p.function else UNKNOWN for p in persons), dtype=np.int32, count=n)
    region = np.fromiter((rcode[p.region] if p.region else UNKNOWN for p in persons), dtype=np.int32, count=n)
    unknown_group = len(fnames) * len(rnames)
    team, _ = _codes([p.team or "" for p in persons])
    if any(p.team is None for p in persons):
        team = np.where(np.array([p.team is None for p in persons]), -1, team)
    manager = np.fromiter(
        (_NO_ID if p.manager_id is None else p.manager_id for p in persons), dtype=np.int64, count=n
    )
    start = np.array([p.work_start_hour - p.utc_offset_hours for p in persons], dtype=float)
    end = np.array([p.work_end_hour - p.utc_offset_hours for p in persons], dtype=float)
    end = np.where(end <= start, end + 24.0, end)
    counts = Counter(t for p in persons for t in (*p.interests, *p.skills))
    vocabulary = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:VOCABULARY_LIMIT]

    empty_row = org.adjacency.shape[0] - 1
    node_row = np.fromiter((org.pos.get(i, empty_row) for i in participant_ids), dtype=np.int64, count=n)
    degree = org.degree[node_row]
    hub = (degree >= org.hub_threshold) & (degree > 0)

    windows, window = np.unique(np.stack([start, end], axis=1), axis=0, return_inverse=True)
    index = {int(pid): k for k, pid in enumerate(participant_ids)}
    keys = [index[a] * n + index[b] for a, b in forbidden_pairs if a in index and b in index]
    # Directed: ``u * n + v`` when v is on u's own "don't match me with" list (left-out reasons name it).
    own = [index[p.id] * n + index[q] for p in persons for q in p.do_not_match if q in index and q != p.id]
    return Roster(
        persons=persons, ids=ids, function=function, region=region,
        group=np.where((function < 0) | (region < 0), unknown_group, function * len(rnames) + region),
        level=np.array([p.level or 0 for p in persons], dtype=np.int32),
        level_known=np.array([p.level is not None for p in persons], dtype=bool), team=team, manager=manager,
        utc_start=start, utc_end=end,
        interests=_bitsets([p.interests for p in persons], vocabulary),
        skills=_bitsets([p.skills for p in persons], vocabulary),
        prefers_other_function=np.array([p.prefers_other_function for p in persons], dtype=bool),
        prefers_other_region=np.array([p.prefers_other_region for p in persons], dtype=bool),
        degree=degree, hub=hub, node_row=node_row, adjacency=org.adjacency,
        novelty_scale=org.novelty_scale, org_rows=org.org_rows, bridge=org.bridge,
        function_names=fnames, region_names=rnames,
        forbidden=np.unique(np.asarray(keys, dtype=np.int64)),
        own_lists=np.unique(np.asarray(own, dtype=np.int64)),
        window=window.reshape(-1).astype(np.int32), window_start=windows[:, 0], window_end=windows[:, 1],
        shared=org.cache,
    )
