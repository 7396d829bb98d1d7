"""Load the organisation's interaction graph from storage for the engine."""

from __future__ import annotations

from datetime import date

import networkx as nx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Interaction, Person


def load_graph(session: Session, as_of: date | None = None, active_only: bool = True) -> nx.Graph:
    """The tie graph: one node per person, one edge per pair that ever interacted.

    Edge attributes: ``weight`` (sum of the interactions' weights) and ``since``
    (the date of the pair's first interaction). With ``as_of``, only interactions
    on or before that day count. The aggregation happens in the database, and rows
    are streamed, so memory holds the graph and not the interactions.
    """
    graph = nx.Graph()
    people = select(Person.id)
    if active_only:
        people = people.where(Person.active.is_(True))
    graph.add_nodes_from(session.scalars(people))
    ties = select(
        Interaction.a_id, Interaction.b_id, func.sum(Interaction.weight), func.min(Interaction.occurred_on)
    ).group_by(Interaction.a_id, Interaction.b_id)
    if as_of is not None:
        ties = ties.where(Interaction.occurred_on <= as_of)
    nodes = graph._node  # membership test without building a set copy
    rows = session.execute(ties.execution_options(yield_per=50_000))
    graph.add_edges_from(
        (a, b, {"weight": float(w), "since": since})
        for a, b, w, since in rows
        if a in nodes and b in nodes
    )
    return graph
