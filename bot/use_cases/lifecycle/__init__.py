"""Joining and leaving: onboarding, handover of relationships, erasure and Slack sync."""
