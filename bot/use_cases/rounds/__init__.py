"""Intro rounds: making, approving, delivering and following up a round, and who takes part."""
