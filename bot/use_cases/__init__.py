"""Use cases: what the app does, each taking the services (or a unit of work) it needs."""
