"""The matching engine: intros, mentors and sponsors, and network metrics (pure, no I/O)."""
