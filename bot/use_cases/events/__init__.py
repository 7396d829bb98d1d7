"""Networking events: broadcast to an audience, RSVPs and the waiting list, nudges, tables, ties made there."""
