"""Slack resends late requests; a retry or a replay must not act twice."""

from sqlalchemy import func, select

from storage.models import SlackDelivery


def test_a_retried_event_is_recorded_once_and_answered_without_acting_again(running_app):
    event = {"type": "app_home_opened", "user": "U1", "tab": "home"}
    first = running_app.slack.event(event, event_id="Ev123")
    retry = running_app.slack.event(event, event_id="Ev123", headers={"X-Slack-Retry-Num": "1",
                                                                        "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status in (200, 404)  # 404 until a listener handles the event
    assert retry.status == 200 and retry.text == ""
    with running_app.services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(SlackDelivery)) == 1


def test_a_replayed_slash_command_is_not_answered_twice(running_app):
    body = "command=%2Fnetworking&text=help&user_id=U1&team_id=T1&channel_id=C1&trigger_id=trig-1"
    first = running_app.slack.post(body, "application/x-www-form-urlencoded")
    replay = running_app.slack.post(body, "application/x-www-form-urlencoded")
    assert "/networking pause" in first.json["text"]
    assert replay.status == 200 and replay.text == ""


def test_metrics_count_ignored_retries_and_show_the_outbox_queue(running_app):
    import urllib.request

    from bot.outbox import enqueue

    with running_app.services.uow() as uow:
        enqueue(uow.session, "k1", text="hello", users=["U1"])
        uow.commit()
    running_app.slack.event({"type": "app_home_opened", "user": "U1"}, event_id="EvX")
    running_app.slack.event({"type": "app_home_opened", "user": "U1"}, event_id="EvX")
    with urllib.request.urlopen(running_app.url + "/metrics") as response:
        text = response.read().decode()
    assert 'cno_outbox_messages{status="pending"} 1.0' in text
    assert "cno_slack_retries_ignored_total" in text
