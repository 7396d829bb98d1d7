"""The Slack app: listeners, use cases, outbox, scheduler, configuration and the `cno` CLI."""
