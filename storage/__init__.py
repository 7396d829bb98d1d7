"""Storage: SQLAlchemy models, the unit of work, migrations and CSV import."""
