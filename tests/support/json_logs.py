"""The app's JSON log lines (captured by the ``log_lines`` fixture of tests/conftest.py), read back by logger."""

from __future__ import annotations

import io
import json


def lines_from(stream: io.StringIO, logger_prefix: str) -> list[dict[str, object]]:
    """The JSON lines written by loggers under ``logger_prefix``."""
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    return [line for line in lines if str(line["logger"]).startswith(logger_prefix)]
