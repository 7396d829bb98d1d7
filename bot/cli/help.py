"""Help pages that read like a well-kept command line's: argument names, no types on flags, choices listed.

Typer's own pages show ``<bool>`` beside flags and ``{file}`` for arguments. Every command of
``cno`` is built with :class:`CnoCommand` instead (:func:`plain_help` sets it), which prints
``cno import people [OPTIONS] FILE`` and, per option, its value's name, the choices and the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperOption

if TYPE_CHECKING:  # typer vendors click from 0.2x on; only the annotations need it
    from typer import _click


class CnoCommand(TyperCommand):
    """A command whose usage line and option list are written plainly."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        arguments = [(_argument_name(p), p.help or "") for p in self.get_params(ctx) if isinstance(p, TyperArgument)]
        options = [_option_row(p) for p in self.get_params(ctx) if isinstance(p, TyperOption) and not p.hidden]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def _argument_name(param: TyperArgument) -> str:
    return param.metavar or (param.name or "value").upper()


def _option_row(param: TyperOption) -> tuple[str, str]:
    names = ", ".join(param.opts)
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not param.is_flag:
        names += " " + (param.metavar or (param.name or "value").upper())
    notes = []
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        notes.append(f"{low} to {high}")
    elif low is not None:
        notes.append(f"at least {low}")
    default: Any = param.default
    if not param.is_flag and default is not None and not callable(default) and param.show_default is not False:
        notes.append(f"default: {default}")
    if param.required:
        notes.append("required")
    help_ = param.help or ""
    return names, f"{help_} [{'; '.join(notes)}]" if notes else help_


def plain_help(app: typer.Typer) -> None:
    """Build every command of ``app`` (and of its sub-apps) with :class:`CnoCommand`, without Rich's panels."""
    app.rich_markup_mode = None
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = CnoCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            plain_help(group.typer_instance)
