"""Storage: transcripts, assignments and risk flags (SQLAlchemy 1.4, SQLite or PostgreSQL).

- `transcripts.TranscriptStore`: the API the custom actions and the portal call.
- `models`: the tables; `migrations`: Alembic revisions and `upgrade`/`downgrade` helpers.
- `db`: lazily created engines and the `session_scope()` unit of work.

Nothing here is imported by this package file, so `rehearse --help` does not load SQLAlchemy.
"""
