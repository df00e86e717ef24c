"""The search index, kept by the database itself beside the tables it covers.

SQLite: an FTS5 table per searched table, external content (the text stays in the table only),
filled and kept by triggers on insert, update of the text and delete, so every write of the
text, by the ORM, a bulk update, a restore or raw SQL, reaches the index in its own transaction.
Its Porter stemmer is English for every row: other languages are found by their words as
written (and where English endings such as a plural s fit them).

PostgreSQL: a stored, weighted tsvector column (`search_vector`) with a GIN index; the database
computes it on every write with the text-search configuration of the row's language, stored
beside it (`search_config`): Spanish stems for a Spanish comment, English ones for an English
comment, words as written ('simple') for a language PostgreSQL does not stem. A generated
column reads its own row only, so a comment of unknown language ("": written before comments
had a language, or in "another language"; elsewhere read as its article's) is read in the
site's language (LANGUAGE_CODE when migration 0002 ran), which the comments from before were
written in; a reader's words are read in it too, so its words as written always find it.
A migration that changes the type of a column these read (the text, `language`) must drop them
and add them again, as migration 0002 does: PostgreSQL alters no column a generated one reads.
None of these is a model field: the models stay the same on both.

Django rebuilds a SQLite table to change some columns (a copy, DROP, RENAME), and the DROP
takes the table's triggers with it: `restore_triggers` (run after every migrate) puts them back
and rebuilds the index from the table.
"""

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections

VECTOR_COLUMN = "search_vector"
CONFIG_COLUMN = "search_config"
LANGUAGE_COLUMN = "language"
# The first index's configuration (migration 0001), before rows had a language.
FIRST_CONFIG = "english"
SIMPLE_CONFIG = "simple"
# The configuration of each language PostgreSQL stems, by its code (a code's first part: pt-br
# is pt): every one PostgreSQL 14, the oldest Django 5.2 supports, ships (pg_ts_config).
CONFIGS = {
    "ar": "arabic",
    "hy": "armenian",
    "eu": "basque",
    "ca": "catalan",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "hi": "hindi",
    "hu": "hungarian",
    "id": "indonesian",
    "ga": "irish",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "es": "spanish",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# Every configuration a row may be read with: a reader's words are read with each of them.
ALL_CONFIGS = (*dict.fromkeys(CONFIGS.values()), SIMPLE_CONFIG)
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
        """The first index (migration 0001): every row read in English."""
        return self._postgresql_vector(f"'{FIRST_CONFIG}'::regconfig")

    def postgresql_create_by_language(self, default_language):
        """Each row read in its language, `default_language`'s where it has none."""
        config = language_config(LANGUAGE_COLUMN, default=config_of(default_language))
        return [
            f"ALTER TABLE {self.table} ADD COLUMN {CONFIG_COLUMN} regconfig "
            f"GENERATED ALWAYS AS ({config}) STORED",
            *self._postgresql_vector(config),
        ]

    def _postgresql_vector(self, config):
        # The configuration's expression again: a generated column cannot read another.
        vector = " || ".join(
            f"setweight(to_tsvector({config}, coalesce({column}, '')), '{weight}')"
            for column, weight in zip(self.columns, self.weights, strict=True)
        )
        return [
            f"ALTER TABLE {self.table} ADD COLUMN {VECTOR_COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({vector}) STORED",
            f"CREATE INDEX {self.name} ON {self.table} USING GIN ({VECTOR_COLUMN})",
        ]

    def postgresql_drop(self):
        """Both columns (and the GIN index with the vector), whichever index is there."""
        return [
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {column}"
            for column in (VECTOR_COLUMN, CONFIG_COLUMN)
        ]


def config_of(language):
    """The text-search configuration PostgreSQL reads `language` (a code) with."""
    return CONFIGS.get(language.lower().split("-")[0], SIMPLE_CONFIG)


def language_config(column, *, default):
    """SQL: the configuration of the language in `column`, `default` where it is empty; made
    of constants only, as a generated column must be (immutable)."""
    cases = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in CONFIGS.items()
    )
    return (
        f"CASE split_part(lower({column}), '-', 1) WHEN '' THEN '{default}'::regconfig {cases} "
        f"ELSE '{SIMPLE_CONFIG}'::regconfig END"
    )


ARTICLES = Index("articles_article", ("title", "summary", "body"))
COMMENTS = Index("comments_comment", ("body",))
INDEXES = (ARTICLES, COMMENTS)


def create_indexes(connection):
    """The first index (migration 0001); on PostgreSQL, every row read in English."""
    _execute(connection, "create")


def drop_indexes(connection):
    _execute(connection, "drop")


def _execute(connection, action):
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise NotImplementedError(f"No search index for {connection.vendor} databases.")
    _run(
        connection,
        [sql for index in INDEXES for sql in getattr(index, f"{connection.vendor}_{action}")()],
    )


def index_by_language(connection, default_language):
    """PostgreSQL: each row read in its language (migration 0002). SQLite's FTS5 tables stay
    as they are: Porter stemming is English, other languages match their words as written."""
    if connection.vendor == "postgresql":
        _run(
            connection,
            [
                sql
                for index in INDEXES
                for sql in [
                    *index.postgresql_drop(),
                    *index.postgresql_create_by_language(default_language),
                ]
            ],
        )


def index_in_english(connection):
    """PostgreSQL: every row read in English again, as migration 0001 left it."""
    if connection.vendor == "postgresql":
        _run(
            connection,
            [
                sql
                for index in INDEXES
                for sql in [*index.postgresql_drop(), *index.postgresql_create()]
            ],
        )


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
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
