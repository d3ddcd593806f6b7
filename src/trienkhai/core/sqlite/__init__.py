"""SQLite with a queue for its writers: the database backend ``trienkhai.core.sqlite``."""
