"""Mentors and sponsors: requests, double opt-in offers, relationships and figures."""
