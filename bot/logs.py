"""Structured logs: one JSON line per event, carrying the request, round and mentoring request being handled."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sys
import uuid
from collections.abc import Iterator

from pythonjsonlogger.json import JsonFormatter

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
round_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("round_id", default=None)
mentoring_request_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("mentoring_request_id", default=None)


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.round_id = round_id.get()
        record.mentoring_request_id = mentoring_request_id.get()
        return True


def configure(level: int = logging.INFO, stream: object = None) -> None:
    """Send every log record to stderr as one JSON object per line."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(round_id)s %(mentoring_request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(_Context())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


@contextlib.contextmanager
def request_context(rid: str | None = None) -> Iterator[str]:
    token = request_id.set(rid or uuid.uuid4().hex[:12])
    try:
        yield request_id.get() or ""
    finally:
        request_id.reset(token)


@contextlib.contextmanager
def round_context(rid: str) -> Iterator[None]:
    """Wrap the work of one round so every log line of it names the round."""
    token = round_id.set(rid)
    try:
        yield
    finally:
        round_id.reset(token)


@contextlib.contextmanager
def mentoring_request_context(rid: int) -> Iterator[None]:
    """Wrap the work on one mentor or sponsor request so every log line of it names the request."""
    token = mentoring_request_id.set(rid)
    try:
        yield
    finally:
        mentoring_request_id.reset(token)
