"""Named queries, one module per feature: the lookups use cases share, so a use case reads as a story.

Every function takes the session of the caller's unit of work first, then plain values, and
returns models or plain values. A use case that needs a new query adds it to its feature's module
here; no module under ``bot/`` imports SQLAlchemy (the layer contract in ``pyproject.toml`` checks it).
"""
