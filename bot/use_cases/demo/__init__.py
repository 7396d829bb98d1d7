"""The demo: a synthetic organisation and a dry-run round, with no Slack workspace."""
