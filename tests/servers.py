"""Real servers for tests that need more than Django's test client: the site under gunicorn,
configured by environment variables, on a free loopback port."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN_DIR = Path(sys.executable).parent


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def postgres_available():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


def psql(*statements):
    for statement in statements:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", statement],
            check=True, capture_output=True,
        )  # fmt: skip


@contextlib.contextmanager
def postgres_database():
    """A fresh, empty PostgreSQL database of the test's own; yields its name.

    Skips when no PostgreSQL answers on 127.0.0.1:5432, except in CI, where it must run.
    """
    import pytest

    if not postgres_available():
        if in_ci():
            pytest.fail("CI must run the PostgreSQL tests: nothing answers on 127.0.0.1:5432.")
        pytest.skip("PostgreSQL is not answering on 127.0.0.1:5432")
    name = f"hfs_test_{os.getpid()}_{free_port()}"
    psql(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip


def site_env(**overrides):
    """The environment of a production-style site: DEBUG off, plus the given variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return {**env, "DJANGO_DEBUG": "0", **overrides}


def http_get(url, timeout=10):
    """(status, headers, body) of a GET, for error statuses as well."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@contextlib.contextmanager
def gunicorn(env, *, workers=2, log_dir=None):
    """Serve the site with gunicorn (as `make run` does) and yield its base URL.

    Static files must have been collected (`manage.py collectstatic`) first. Without
    `log_dir`, the server's log goes to a temporary folder removed afterwards.
    """
    if log_dir is None:
        with (
            tempfile.TemporaryDirectory() as log_dir,
            gunicorn(env, workers=workers, log_dir=log_dir) as url,
        ):
            yield url
        return
    port = free_port()
    log_path = Path(log_dir) / f"gunicorn-{port}.log"
    command = [
        str(BIN_DIR / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--no-control-socket", "--access-logfile", "/dev/null",
        "hfs_site.wsgi",
    ]  # fmt: skip
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http_get(f"{url}/favicon.ico", timeout=2)
                break
            except OSError as error:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {log_path.read_text()}") from error
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


class TcpProxy:
    """A loopback TCP forwarder that a test can cut and restore, like a database going away.

    `stop()` closes the listening socket and every open connection through it; `start()`
    listens again on the same port.
    """

    def __init__(self, target_port, port=None):
        self.target = ("127.0.0.1", target_port)
        self.port = port or free_port()
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would leave the
        # kernel socket listening until that call returns.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update({client, upstream})
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


class FormParser(HTMLParser):
    """The fields of one <form> (by id): its action, inputs and each select's options."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.select = form_id, False, None
        self.action, self.fields, self.options = None, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            if self.inside:
                self.action = attrs.get("action") or ""  # none: the page's own address
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("type") in ("hidden", "text", "email", "url"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = self.options.setdefault(attrs["name"], {})
        elif tag == "option" and self.select is not None:
            self.option_value = attrs.get("value", "")

    def handle_data(self, data):
        if self.select is not None and data.strip() and getattr(self, "option_value", None):
            self.select[data.strip()] = self.option_value
            self.option_value = None

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


class Browser:
    """A reader with their own cookies, speaking plain HTTP to a running site."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, data, referer):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": referer})
        return self._open(request)

    def comment_form(self, article_url):
        """The hidden fields (CSRF token, signed timestamp, honeypot) of the comment form."""
        status, _, html = self.get(article_url)
        assert status == 200, status
        parser = FormParser("comment-form")
        parser.feed(html)
        return parser.fields

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
