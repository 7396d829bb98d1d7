import io
import json
import logging

from bot import logs


def test_each_log_event_is_one_json_line_naming_the_request_and_round():
    stream = io.StringIO()
    logs.configure(logging.INFO, stream=stream)
    try:
        with logs.request_context("req-1"), logs.round_context("2026-W48"):
            logging.getLogger("bot.rounds").info("sent %d intros", 12)
    finally:
        logging.getLogger().handlers.clear()
    line = json.loads(stream.getvalue().strip())
    assert line["message"] == "sent 12 intros"
    assert line["request_id"] == "req-1" and line["round_id"] == "2026-W48"
    assert line["level"] == "INFO" and line["logger"] == "bot.rounds"
