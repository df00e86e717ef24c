"""Django's SQLite backend, with connections kept between requests (CONN_MAX_AGE) only while
the database file is still the one they opened.

Opening a connection costs about 0.5 ms here (Django registers its SQL functions, then the
PRAGMAs of settings.py run), a twentieth of a comment post, so each worker keeps its own. But
an open SQLite connection keeps working on a file that was moved away or replaced, where a new
one would fail or see the new file. So the health check Django runs before a request's first
query (CONN_HEALTH_CHECKS) compares the file at the database's path with the one the connection
opened: a stat call. A different or missing file closes the connection, and the next one opens
whatever is there now: the 503 of a database gone away (hfs_site/middleware.py), or the
database put back.

The database holds emails, IP addresses, password hashes and sessions, so it is its owner's
alone: a connection creates a missing database file 0600 and takes group and other access off
an existing one, and SQLite gives its -wal and -shm files the database file's mode. Done here,
where every process of the site opens the file (gunicorn, manage.py, the tests), rather than
by a umask at each entry point, which gunicorn and other entry points could set otherwise.
"""

import contextlib
import os

from django.db.backends.sqlite3 import base

COMPANION_FILES = ("-wal", "-shm", "-journal")


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            keep_private(self.settings_dict["NAME"])
        # Read before connecting: if the file is replaced in between, the two differ at the
        # next check and the connection is opened again, never the reverse.
        self.opened_file = self.database_file()
        return super().get_new_connection(conn_params)

    def database_file(self):
        """(device, inode) of the file at the database's path; None for an in-memory database
        or a missing file."""
        if self.is_in_memory_db():
            return None
        try:
            stat = os.stat(self.settings_dict["NAME"])
        except OSError:
            return None
        return stat.st_dev, stat.st_ino

    def is_usable(self):
        return self.is_in_memory_db() or (
            self.opened_file is not None and self.database_file() == self.opened_file
        )


def keep_private(name):
    """Create the database file 0600 if it is missing, and take group and other access off it
    and off the companion files SQLite made from it."""
    name = os.fspath(name)
    _restrict(name, create=True)
    for suffix in COMPANION_FILES:
        _restrict(name + suffix, create=False)


def _restrict(path, *, create):
    # A file that cannot be opened is left to SQLite, which says what is wrong when it opens it.
    try:
        descriptor = os.open(path, os.O_RDONLY | (os.O_CREAT if create else 0), 0o600)
    except OSError:
        return
    try:
        mode = os.fstat(descriptor).st_mode
        if mode & 0o077:
            with contextlib.suppress(PermissionError):  # another user's file stays as it is
                os.fchmod(descriptor, mode & 0o700)
    finally:
        os.close(descriptor)
