"""Rendering a template once per *shape* of its context, then filling the values in.

A round of 50,000 intros renders the same two templates 50,000 times with only
names, reasons and places changing. ``render_text_by_shape`` and ``render_blocks_by_shape``
(in :mod:`message_templates`, built on :class:`Shapes`) give exactly what ``render_text``
and ``render_blocks`` give, byte for byte, but render the template once per shape: the
context with every non-empty string replaced by a marker, keeping list lengths, numbers,
booleans and which strings are empty. The
values are then put where their markers ended up, escaped for mrkdwn where the
template escaped the marker.

A template rendered this way may use a string only by inserting it (through
``mrkdwn``, ``tojson``, ``~``, ``join``) or by its truthiness; a shape whose markers
come out any other way (cut, upper-cased, compared) is checked against a full
render the first time and, if it differs, always rendered in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["Shapes", "json_fill", "text_fill"]

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: no template or person writes them
#: A marker is its value's index and an ``&``, which ``mrkdwn`` turns into ``&amp;``: so the fill knows.
_MARKER = re.compile(f"{_OPEN}(\\d+)(&|&amp;){_CLOSE}")
_MOST_SHAPES = 4096

Fill = Callable[[list[str]], Any]


_TEXT, _DICT, _LIST, _END = object(), object(), object(), object()  # tokens of a shape


def _flatten(value: Any, values: list[str], shape: list[Any]) -> None:
    """Append ``value``'s non-empty strings to ``values`` and its shape's tokens to ``shape`` (one walk)."""
    if isinstance(value, str):
        if value:
            values.append(value)
            shape.append(_TEXT)
        else:
            shape.append("")
    elif isinstance(value, dict):
        shape.append(_DICT)
        for k, v in value.items():
            shape.append(k)
            _flatten(v, values, shape)
        shape.append(_END)
    elif isinstance(value, list | tuple):
        shape.append(_LIST)
        for v in value:
            _flatten(v, values, shape)
        shape.append(_END)
    elif value is None or isinstance(value, bool | int | float):
        shape.append(type(value))
        shape.append(value)
    else:
        raise TypeError(f"cannot render {type(value).__name__} by shape")


def _marked(value: Any, count: list[int]) -> Any:
    """``value`` with every non-empty string replaced by its marker, in :func:`_flatten`'s order."""
    if isinstance(value, str):
        if not value:
            return value
        count[0] += 1
        return f"{_OPEN}{count[0] - 1}&{_CLOSE}"
    if isinstance(value, dict):
        return {k: _marked(v, count) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_marked(v, count) for v in value]
    return value


def text_fill(rendered: str, escape: Callable[[str], str]) -> Fill | None:
    """A function that puts the values into ``rendered`` (a marked render), or None if markers were altered.

    ``escape`` is the template's ``mrkdwn``: a value whose marker came out escaped is escaped.
    """
    parts: list[tuple[str, int, bool]] = []  # (literal before, value index or -1, escaped)
    at = 0
    for match in _MARKER.finditer(rendered):
        parts.append((rendered[at:match.start()], int(match[1]), match[2] == "&amp;"))
        at = match.end()
    tail = rendered[at:]
    if any(_OPEN in p[0] or _CLOSE in p[0] for p in parts) or _OPEN in tail or _CLOSE in tail:
        return None
    if not parts:
        return lambda values: rendered

    def fill(values: list[str]) -> str:
        out = []
        for literal, index, escaped in parts:
            out.append(literal)
            out.append(escape(values[index]) if escaped else values[index])
        out.append(tail)
        return "".join(out)

    return fill


def json_fill(doc: Any, escape: Callable[[str], str]) -> Fill | None:
    """Like :func:`_text_fill` for a parsed JSON document: a fresh document per call."""
    if isinstance(doc, str):
        return text_fill(doc, escape)
    if isinstance(doc, dict):
        fills = {k: json_fill(v, escape) for k, v in doc.items()}
        if any(f is None for f in fills.values()):
            return None
        return lambda values: {k: f(values) for k, f in fills.items()}  # type: ignore[misc]
    if isinstance(doc, list):
        items = [json_fill(v, escape) for v in doc]
        if any(f is None for f in items):
            return None
        return lambda values: [f(values) for f in items]  # type: ignore[misc]
    return lambda values: doc


class Shapes:
    """The fills of one kind of render (text or blocks), by (template, shape)."""

    def __init__(self, render: Callable[..., Any], compile_fill: Callable[[Any], Fill | None],
                 finish: Callable[[Any], Any]) -> None:
        self._render, self._compile, self._finish = render, compile_fill, finish
        self._fills: dict[tuple[Any, ...], Fill | None] = {}

    def __call__(self, name: str, ctx: dict[str, Any]) -> Any:
        values: list[str] = []
        shape: list[Any] = [name]
        _flatten(ctx, values, shape)
        key = tuple(shape)
        if key not in self._fills:
            if len(self._fills) >= _MOST_SHAPES:
                self._fills.clear()
            try:
                fill = self._compile(self._render(name, _marked(ctx, [0])))
            except Exception:  # noqa: BLE001 - a filter that cannot take a marker: render this shape in full
                fill = None
            whole = self._finish(self._render(name, ctx))
            if fill is not None and self._finish(fill(values)) != whole:
                fill = None  # the template uses a value beyond inserting it: render this shape in full
            self._fills[key] = fill
            return whole
        fill = self._fills[key]
        return self._finish(self._render(name, ctx) if fill is None else fill(values))
