"""Block Kit as the real Slack checks it: the documented limits, answered in Slack's own words.

Each check returns problems as Slack words them, ``"must be less than 3001 characters
[json-pointer:/blocks/0/text/text]"``; an empty list means Slack would accept the payload.
slack_sdk's own validators (``Block.parse(...).validate_json()``) run first; the limits they
do not check (button and option text, context elements, confirm dialogs, ``initial_options``
among ``options``, view titles, ``private_metadata``…) are checked here, from the Block Kit
reference (docs.slack.dev/reference/block-kit).
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
PRIVATE_METADATA = 3_000
VIEW_TITLE = 24  # modal title, submit and close
TEXT = 3_000  # any text object without a tighter limit
BLOCK_ID = 255
ACTION_ID = 255

_SELECTS_WITH_OPTIONS = {"static_select", "multi_static_select"}
_CHOICES = {"checkboxes": 10, "radio_buttons": 10, "overflow": 5}
_PLACEHOLDER = 150


class _Check:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{what} [json-pointer:{where}]")

    def length(self, where: str, value: Any, most: int, least: int = 0) -> None:
        size = len(value) if isinstance(value, str) else 0
        if not isinstance(value, str):
            self.fail(where, "must be a string")
        elif size > most:
            self.fail(where, f"must be less than {most + 1} characters")
        elif size < least:
            self.fail(where, f"must be more than {least - 1} characters")

    def text(self, where: str, obj: Any, most: int = TEXT, plain: bool = False) -> None:
        if not isinstance(obj, dict):
            self.fail(where, "must be a text object")
            return
        if obj.get("type") not in ("plain_text", "mrkdwn"):
            self.fail(where + "/type", "must be one of plain_text, mrkdwn")
        elif plain and obj.get("type") != "plain_text":
            self.fail(where + "/type", "must be plain_text")
        self.length(where + "/text", obj.get("text"), most, least=1)

    def option(self, where: str, option: Any) -> None:
        if not isinstance(option, dict):
            self.fail(where, "must be an option object")
            return
        self.text(where + "/text", option.get("text"), 75)
        self.length(where + "/value", option.get("value"), 150, least=1)
        if "description" in option:
            self.text(where + "/description", option["description"], 75, plain=True)

    def confirm(self, where: str, dialog: Any) -> None:
        if not isinstance(dialog, dict):
            self.fail(where, "must be a confirmation dialog object")
            return
        self.text(where + "/title", dialog.get("title"), 100, plain=True)
        self.text(where + "/text", dialog.get("text"), 300)
        self.text(where + "/confirm", dialog.get("confirm"), 30, plain=True)
        self.text(where + "/deny", dialog.get("deny"), 30, plain=True)

    def element(self, where: str, element: Any) -> None:
        if not isinstance(element, dict):
            self.fail(where, "must be a block element")
            return
        kind = element.get("type")
        if "action_id" in element:
            self.length(where + "/action_id", element["action_id"], ACTION_ID, least=1)
        if "placeholder" in element:
            self.text(where + "/placeholder", element["placeholder"], _PLACEHOLDER, plain=True)
        if "confirm" in element:
            self.confirm(where + "/confirm", element["confirm"])
        if kind == "button":
            self.text(where + "/text", element.get("text"), 75, plain=True)
            if "value" in element:
                self.length(where + "/value", element["value"], 2000)
            if "url" in element:
                self.length(where + "/url", element["url"], 3000)
        elif kind == "image":
            self.length(where + "/image_url", element.get("image_url"), 3000, least=1)
            self.length(where + "/alt_text", element.get("alt_text"), 2000, least=1)
        elif kind in _SELECTS_WITH_OPTIONS or kind in _CHOICES:
            self.options(where, element, kind)
        elif kind == "plain_text_input":
            most = element.get("max_length", 3000)
            if not isinstance(most, int) or most > 3000:
                self.fail(where + "/max_length", "must be at most 3000")
                most = 3000
            if "initial_value" in element:
                self.length(where + "/initial_value", element["initial_value"], most)
        if kind in ("multi_static_select", "multi_external_select", "multi_users_select"):
            chosen = element.get("initial_options") or element.get("initial_users") or []
            cap = element.get("max_selected_items")
            if isinstance(cap, int) and len(chosen) > cap:
                self.fail(where + "/initial_options", f"must have at most {cap} items (max_selected_items)")

    def options(self, where: str, element: dict[str, Any], kind: str) -> None:
        options = element.get("options")
        groups = element.get("option_groups")
        if groups is not None:
            options = [o for g in groups if isinstance(g, dict) for o in g.get("options") or []]
            if len(groups) > 100:
                self.fail(where + "/option_groups", "must have at most 100 items")
        if not isinstance(options, list):
            self.fail(where + "/options", "is required")
            return
        most = _CHOICES.get(kind, 100)
        if len(options) > most:
            self.fail(where + "/options", f"must have at most {most} items")
        if kind == "overflow" and len(options) < 2:
            self.fail(where + "/options", "must have at least 2 items")
        for i, option in enumerate(options):
            self.option(f"{where}/options/{i}", option)
        known = [o for o in options if isinstance(o, dict)]
        initial = element.get("initial_options")
        if "initial_option" in element:
            initial = [element["initial_option"]]
        for i, option in enumerate(initial or []):
            if option not in known:
                self.fail(f"{where}/initial_options/{i}", "must match one of the provided options")

    def block(self, where: str, block: Any) -> None:
        if not isinstance(block, dict):
            self.fail(where, "must be a block")
            return
        kind = block.get("type")
        if "block_id" in block:
            self.length(where + "/block_id", block["block_id"], BLOCK_ID, least=1)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.fail(where, "must provide either text or fields")
            if "text" in block:
                self.text(where + "/text", block["text"], 3000)
            fields = block.get("fields") or []
            if len(fields) > 10:
                self.fail(where + "/fields", "must have at most 10 items")
            for i, item in enumerate(fields):
                self.text(f"{where}/fields/{i}", item, 2000)
            if "accessory" in block:
                self.element(where + "/accessory", block["accessory"])
        elif kind == "header":
            self.text(where + "/text", block.get("text"), 150, plain=True)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                self.fail(where + "/elements", "must have between 1 and 10 items")
            for i, item in enumerate(elements):
                if isinstance(item, dict) and item.get("type") == "image":
                    self.element(f"{where}/elements/{i}", item)
                else:
                    self.text(f"{where}/elements/{i}", item)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                self.fail(where + "/elements", "must have between 1 and 25 items")
            for i, item in enumerate(elements):
                self.element(f"{where}/elements/{i}", item)
        elif kind == "input":
            self.text(where + "/label", block.get("label"), 2000, plain=True)
            if "hint" in block:
                self.text(where + "/hint", block["hint"], 2000, plain=True)
            self.element(where + "/element", block.get("element"))
        elif kind == "image":
            self.length(where + "/image_url", block.get("image_url"), 3000, least=1)
            self.length(where + "/alt_text", block.get("alt_text"), 2000, least=1)
            if "title" in block:
                self.text(where + "/title", block["title"], 2000, plain=True)
        elif kind not in ("divider", "rich_text", "file", "video"):
            self.fail(where + "/type", f"unknown block type {kind!r}")

    def blocks(self, where: str, blocks: Any, most: int) -> None:
        if not isinstance(blocks, list):
            self.fail(where, "must be an array")
            return
        if len(blocks) > most:
            self.fail(where, f"must have at most {most} items")
        for i, block in enumerate(blocks):
            self._sdk(f"{where}/{i}", block)
            self.block(f"{where}/{i}", block)

    def _sdk(self, where: str, block: Any) -> None:
        try:
            parsed = Block.parse(block) if isinstance(block, dict) else None
            if parsed is not None:
                parsed.validate_json()
        except SlackObjectFormationError as error:
            self.fail(where, str(error))
        except (KeyError, TypeError, AttributeError) as error:
            self.fail(where, f"is not a valid block ({error})")


def message_problems(text: Any, blocks: Any) -> tuple[str | None, list[str]]:
    """(error, problems) for a message as chat.postMessage, chat.update or a response_url gets it."""
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        return "msg_too_long", [f"text has {len(text)} characters; Slack takes at most {MESSAGE_TEXT}"]
    if not blocks:
        if not text:
            return "no_text", ["a message needs text or blocks"]
        return None, []
    check = _Check()
    check.blocks("/blocks", blocks, MESSAGE_BLOCKS)
    return ("invalid_blocks", check.problems) if check.problems else (None, [])


def view_problems(view: Any) -> list[str]:
    """Why Slack would refuse ``view`` in views.open, views.update, views.push or views.publish."""
    check = _Check()
    if not isinstance(view, dict):
        check.fail("/view", "must be a view object")
        return check.problems
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("/view/type", "must be one of modal, home")
    if kind == "modal":
        check.text("/view/title", view.get("title"), VIEW_TITLE, plain=True)
        for button in ("submit", "close"):
            if button in view:
                check.text(f"/view/{button}", view[button], VIEW_TITLE, plain=True)
        needs_submit = any(isinstance(b, dict) and b.get("type") == "input" for b in view.get("blocks") or [])
        if needs_submit and "submit" not in view:
            check.fail("/view/submit", "is required when the view has input blocks")
    if "private_metadata" in view:
        check.length("/view/private_metadata", view["private_metadata"], PRIVATE_METADATA)
    if "callback_id" in view:
        check.length("/view/callback_id", view["callback_id"], 255)
    check.blocks("/view/blocks", view.get("blocks"), VIEW_BLOCKS)
    return check.problems


def options_problems(options: Any) -> list[str]:
    """Why Slack would refuse an answer to a block_suggestion (external select options)."""
    check = _Check()
    if not isinstance(options, list):
        check.fail("/options", "must be an array")
        return check.problems
    if len(options) > 100:
        check.fail("/options", "must have at most 100 items")
    for i, option in enumerate(options):
        check.option(f"/options/{i}", option)
    return check.problems
