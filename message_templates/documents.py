"""Words for a caller that assembles them itself: a template that renders one JSON object.

A report section, for instance, is a title and lines of text beside charts drawn in
Python; ``render_document("reach/org_events", figures=...)`` renders
``message_templates/reach/org_events.j2`` and returns ``{"title": ..., "lines": [...]}``.
Put every inserted value through ``tojson`` (write a sentence in a ``{% set %}`` block
first), so any text, newlines and quotes included, comes back exactly.
"""

from __future__ import annotations

from typing import Any

from message_templates import TemplateError, _json


def render_document(name: str, **ctx: Any) -> dict[str, Any]:
    """The JSON object template ``name`` renders (``.j2`` may be left out)."""
    doc = _json(name, ctx)
    if not isinstance(doc, dict):
        raise TemplateError(f"template {name!r} does not render a JSON object")
    return doc
