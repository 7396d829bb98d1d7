"""Programs: intro rounds that live in Slack channels, each with its own rhythm, group size and kind of intro."""
