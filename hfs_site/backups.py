"""Consistent copies of the database, taken and restored while the site runs.

SQLite uses its online backup API (a consistent snapshot even while comments are being
written); PostgreSQL uses pg_dump / pg_restore in their custom format. A backup holds what
the database does (emails, IP addresses, password hashes, sessions): it is written 0600.
"""

import os
import sqlite3
import subprocess

from django.db import connections


def backup_database(path, *, using="default"):
    connection = connections[using]
    private_file(path)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    elif connection.vendor == "postgresql":
        run_pg_tool("pg_dump", connection, "--format=custom", f"--file={path}")
    else:
        raise NotImplementedError(f"No backup for {connection.vendor} databases.")


def private_file(path):
    """Create the file 0600 before a tool writes into it (SQLite and pg_dump keep the mode of
    a file that exists); an existing file is made 0600 too."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


def restore_database(path, *, using="default"):
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as source:
            source.backup(connection.connection)
        source.close()
    elif connection.vendor == "postgresql":
        connection.close()
        options = ["--clean", "--if-exists", "--no-owner", "--single-transaction"]
        database = f"--dbname={connection.settings_dict['NAME']}"
        run_pg_tool("pg_restore", connection, *options, database, path)
    else:
        raise NotImplementedError(f"No restore for {connection.vendor} databases.")


def run_pg_tool(tool, connection, *args):
    """Run pg_dump or pg_restore with the connection's settings (password via the environment)."""
    settings = connection.settings_dict
    command = [tool, *args]
    for option, key in [("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")]:
        if settings.get(key):
            command.append(f"{option}={settings[key]}")
    if tool == "pg_dump":
        command.append(settings["NAME"])
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
