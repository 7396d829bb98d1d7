"""Rendering by shape gives what a full render gives, byte for byte, whatever people are called."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, StrictUndefined

from message_templates import (
    mrkdwn,
    render_blocks,
    render_blocks_by_shape,
    render_text,
    render_text_by_shape,
)
from message_templates.shapes import Shapes, text_fill

# Names as people type them: Slack's control characters, quotes, newlines, emoji, the marker characters themselves.
words = st.text(alphabet=st.sampled_from(list("aZ &<>*_\"'\\\n\t·—é👋\ue000\ue0010123456789")), max_size=12)
member = st.fixed_dictionaries({"name": words, "title": words, "function": words, "region": words,
                                "mention": words})


@settings(max_examples=300, deadline=None)
@given(members=st.lists(member, min_size=2, max_size=3), reasons=st.lists(words, min_size=1, max_size=4),
       starter=words, next_step=words, follow_up_days=st.integers(1, 14))
def test_an_intro_rendered_by_shape_is_byte_for_byte_the_full_render(members, reasons, starter, next_step,
                                                                     follow_up_days):
    ctx = {"members": members, "reasons": reasons, "starter": starter, "next_step": next_step,
           "follow_up_days": follow_up_days, "trio": len(members) > 2}
    assert render_text_by_shape("rounds/intro_text", **ctx) == render_text("rounds/intro_text", **ctx)
    shaped, full = render_blocks_by_shape("rounds/intro", **ctx), render_blocks("rounds/intro", **ctx)
    assert json.dumps(shaped, ensure_ascii=False) == json.dumps(full, ensure_ascii=False)


def test_each_render_by_shape_is_a_fresh_document_a_caller_may_change():
    ctx = {"members": [{"name": "Ana", "title": "", "function": "Sales", "region": "EMEA", "mention": "<@U1>"}] * 2,
           "reasons": ["Why"], "starter": "S", "next_step": "N", "follow_up_days": 4, "trio": False}
    first = render_blocks_by_shape("rounds/intro", **ctx)
    first[0]["text"]["text"] = "changed"
    assert render_blocks_by_shape("rounds/intro", **ctx)[0]["text"]["text"] != "changed"


def shapes_of(source: str) -> Shapes:
    env = Environment(loader=DictLoader({"t": source}), undefined=StrictUndefined)
    env.filters["mrkdwn"] = mrkdwn
    return Shapes(lambda name, ctx: env.get_template(name).render(**ctx),
                  lambda rendered: text_fill(rendered, mrkdwn), str.strip)


def test_a_template_that_changes_a_value_beyond_inserting_it_is_rendered_in_full():
    render = shapes_of("Hello {{ name | upper }} ({{ team | mrkdwn }}), {{ name[:2] }}")
    assert [render("t", {"name": n, "team": "R&D"}) for n in ("ana", "bob", "cy")] == [
        "Hello ANA (R&amp;D), an", "Hello BOB (R&amp;D), bo", "Hello CY (R&amp;D), cy"]


def test_a_template_that_branches_on_a_value_it_compares_is_caught_at_the_first_render_of_its_shape():
    render = shapes_of("{% if function == 'Sales' %}to sales{% else %}to {{ function }}{% endif %}")
    assert [render("t", {"function": f}) for f in ("Sales", "Legal", "Sales")] == [
        "to sales", "to Legal", "to sales"]


def test_empty_values_and_numbers_are_part_of_the_shape():
    render = shapes_of("{{ name }}{% if title %} · {{ title }}{% endif %} in {{ days }} days")
    assert [render("t", {"name": "Ana", "title": t, "days": d}) for t, d in (("", 4), ("CFO", 4), ("", 7))] == [
        "Ana in 4 days", "Ana · CFO in 4 days", "Ana in 7 days"]
