"""The search index, kept by the database itself beside the tables it covers.

SQLite: an FTS5 table per searched table, external content (the text stays in the table only),
filled and kept by triggers on insert, update of the text and delete, so every write of the
text, by the ORM, a bulk update, a restore or raw SQL, reaches the index in its own transaction.
PostgreSQL: a stored, weighted tsvector column (`search_vector`) with a GIN index; the database
computes it on every write. Neither is a model field: the models stay the same on both.

Django rebuilds a SQLite table to change some columns (a copy, DROP, RENAME), and the DROP
takes the table's triggers with it: `restore_triggers` (run after every migrate) puts them back
and rebuilds the index from the table.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

VECTOR_COLUMN = "search_vector"
CONFIG = "english"
# Porter stemming over unicode61 without diacritics: "spasms" finds "spasm", "Névé" finds "neve".
TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Index:
    """The search index of `table`'s text `columns` (with their PostgreSQL weights A, B, C...)."""

    table: str
    columns: tuple

    @property
    def name(self):
        return f"search_{self.table}"

    @property
    def weights(self):
        """A (most) to D, in the order of `columns`."""
        return "ABCD"[: len(self.columns)]

    def sqlite_create(self):
        columns = ", ".join(self.columns)
        return [
            f"CREATE VIRTUAL TABLE {self.name} USING fts5({columns}, content='{self.table}', "
            f"content_rowid='id', tokenize='{TOKENIZER}')",
            *self.sqlite_triggers(),
            self.sqlite_rebuild(),
        ]

    def sqlite_triggers(self):
        columns = ", ".join(self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        remove = (
            f"INSERT INTO {self.name}({self.name}, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old});"
        )
        add = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});"
        changed = " OR ".join(f"old.{column} IS NOT new.{column}" for column in self.columns)
        return [
            f"CREATE TRIGGER {self.name}_insert AFTER INSERT ON {self.table} BEGIN {add} END",
            f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.table} BEGIN {remove} END",
            f"CREATE TRIGGER {self.name}_update AFTER UPDATE ON {self.table} "
            f"WHEN old.id IS NOT new.id OR {changed} BEGIN {remove} {add} END",
        ]

    def sqlite_trigger_names(self):
        return {f"{self.name}_{event}" for event in ("insert", "delete", "update")}

    def sqlite_rebuild(self):
        return f"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')"

    def sqlite_drop(self):
        triggers = sorted(self.sqlite_trigger_names())
        return [*(f"DROP TRIGGER IF EXISTS {name}" for name in triggers), f"DROP TABLE {self.name}"]

    def postgresql_create(self):
        vector = " || ".join(
            f"setweight(to_tsvector('{CONFIG}'::regconfig, coalesce({column}, '')), '{weight}')"
            for column, weight in zip(self.columns, self.weights, strict=True)
        )
        return [
            f"ALTER TABLE {self.table} ADD COLUMN {VECTOR_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED",
            f"CREATE INDEX {self.name} ON {self.table} USING GIN ({VECTOR_COLUMN})",
        ]

    def postgresql_drop(self):
        return [f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}"]


ARTICLES = Index("articles_article", ("title", "summary", "body"))
COMMENTS = Index("comments_comment", ("body",))
INDEXES = (ARTICLES, COMMENTS)


def create_indexes(connection):
    _execute(connection, "create")


def drop_indexes(connection):
    _execute(connection, "drop")


def _execute(connection, action):
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"No search index for {connection.vendor} databases.")
    with connection.cursor() as cursor:
        for index in INDEXES:
            for statement in getattr(index, f"{connection.vendor}_{action}")():
                cursor.execute(statement)


def restore_triggers(using=DEFAULT_DB_ALIAS, **kwargs):
    """Put back the triggers of a SQLite index whose table Django rebuilt, and rebuild the index
    (writes since the rebuild reached no trigger). A post_migrate receiver."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for _, name in cursor.fetchall()}
        for index in INDEXES:
            if index.name not in present or index.sqlite_trigger_names() <= present:
                continue
            for statement in index.sqlite_triggers():
                cursor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS"))
            cursor.execute(index.sqlite_rebuild())
