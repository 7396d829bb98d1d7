"""Jinja2 templates that render Slack messages: Block Kit JSON and plain text.

Templates live in folders per capability: ``render_blocks("rounds/intro", **ctx)``
renders ``message_templates/rounds/intro.j2`` and parses it as JSON, either a list
of blocks or an object with ``blocks``. ``render_view`` returns a whole view (modal
or App Home) object; ``render_text`` renders plain text (a notification's
fallback, an ephemeral answer). ``name`` may also end in ``.j2``.

Inside JSON templates, put every inserted value through ``tojson`` (and
``mrkdwn`` first when it goes into mrkdwn text), so that quotes, newlines and
Slack's control characters (``& < >``) stay valid::

    {"type": "section", "text": {"type": "mrkdwn", "text": {{ ("*" ~ (name | mrkdwn) ~ "*") | tojson }}}}

Undefined variables are errors, so a typo in a template fails loudly in tests.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from message_templates.shapes import Shapes, json_fill, text_fill

TEMPLATES = Path(__file__).parent

__all__ = [
    "OPTION_VALUE_MAX", "TemplateError", "fit", "mrkdwn", "option_value", "render_blocks", "render_blocks_by_shape",
    "render_text", "render_text_by_shape", "render_view",
]


class TemplateError(ValueError):
    """A template rendered something that is not the JSON its caller expects."""


def mrkdwn(value: object) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(value: object, most: int) -> str:
    """``value`` cut to at most ``most`` characters, ending in "…" when cut (never inside a ``&amp;``).

    For Slack's limits (header 150, section 3,000, button 75…); unlike Jinja's ``truncate`` it
    never goes over ``most``.
    """
    text = str(value)
    if len(text) <= most:
        return text
    cut = text[: most - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


OPTION_VALUE_MAX = 150  # Block Kit: an option's value is at most 150 characters


def option_value(value: object) -> str:
    """``value`` as a Block Kit option value: itself when it fits in 150 characters, else a cut that stays
    unique (its start and a digest of the whole), so a long team name can still be chosen and found again."""
    text = str(value)
    if len(text) <= OPTION_VALUE_MAX:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return text[: OPTION_VALUE_MAX - len(digest) - 1] + "~" + digest


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the app: no stat of the file at every render
    )
    env.filters["mrkdwn"] = mrkdwn
    env.filters["fit"] = fit
    env.filters["option_value"] = option_value
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def _file(name: str) -> str:
    return name if name.endswith(".j2") else f"{name}.j2"


def _render(name: str, ctx: dict[str, Any]) -> str:
    return environment().get_template(_file(name)).render(**ctx)


def _json(name: str, ctx: dict[str, Any]) -> Any:
    text = _render(name, ctx)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise TemplateError(f"template {_file(name)!r} did not render valid JSON: {error}") from None


def render_text(name: str, **ctx: Any) -> str:
    """Plain text from template ``name``, without leading or trailing blank lines."""
    return _render(name, ctx).strip()


def render_blocks(name: str, **ctx: Any) -> list[dict[str, Any]]:
    """Block Kit blocks from template ``name`` (a JSON list, or an object with ``blocks``)."""
    return _blocks(name, _json(name, ctx))


def _blocks(name: str, doc: Any) -> list[dict[str, Any]]:
    blocks = doc.get("blocks") if isinstance(doc, dict) else doc
    if not isinstance(blocks, list):
        raise TemplateError(f"template {_file(name)!r} must render a JSON array of blocks (or an object with blocks)")
    return blocks


def render_view(name: str, **ctx: Any) -> dict[str, Any]:
    """A whole view (modal or App Home) from template ``name``, as a JSON object."""
    doc = _json(name, ctx)
    if not isinstance(doc, dict):
        raise TemplateError(f"template {_file(name)!r} does not render a view object")
    return doc


_texts = Shapes(_render, lambda rendered: text_fill(rendered, mrkdwn), str.strip)
_docs = Shapes(_json, lambda doc: json_fill(doc, mrkdwn), lambda doc: doc)


def render_text_by_shape(name: str, **ctx: Any) -> str:
    """:func:`render_text`, byte for byte, rendering ``name`` once per shape of ``ctx`` (see
    :mod:`message_templates.shapes`): for a message sent to thousands with only names changing."""
    return str(_texts(name, ctx))


def render_blocks_by_shape(name: str, **ctx: Any) -> list[dict[str, Any]]:
    """:func:`render_blocks`, byte for byte, rendering ``name`` once per shape of ``ctx``."""
    return _blocks(name, _docs(name, ctx))
