"""Debian's nginx in front of the site with the configuration docs/deploy.md shows
(deploy/nginx/hfs.conf), for `make bench` and tests/test_nginx.py.

nginx runs in the foreground as the current user, with its configuration, cache, temporary
files, pid file and logs in one folder of the caller's: it never reads /etc/nginx/sites-* nor
writes under /var, and the system service is left alone. Of deploy/nginx/hfs.conf only what
is the machine's changes (site_config): it listens on a loopback port in plain HTTP, keeps its
cache in the folder, and sends requests to the given app servers.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SITE_CONF = PROJECT_DIR / "deploy" / "nginx" / "hfs.conf"
NGINX = Path(os.environ.get("NGINX", "/usr/sbin/nginx"))
INSTALL_HINT = f"nginx is not installed ({NGINX}): `make nginx` installs Debian's (as root)"
CACHE_PATH = "/var/cache/nginx/hfs"


def available():
    return NGINX.is_file() and os.access(NGINX, os.X_OK)


def version():
    """The version `nginx -v` reports, e.g. nginx/1.22.1."""
    done = subprocess.run([str(NGINX), "-v"], capture_output=True, text=True)
    return (done.stderr or done.stdout).strip().removeprefix("nginx version: ")


def _replace(pattern, replacement, text, what):
    """`text` with `pattern` replaced, which must match: a changed hfs.conf fails loudly."""
    new, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
    if not count:
        raise ValueError(f"deploy/nginx/hfs.conf: found no {what} to replace")
    return new


def site_config(*, port, app_servers, cache_dir, text=None):
    """deploy/nginx/hfs.conf for this machine: plain HTTP on 127.0.0.1:`port` (no TLS, no
    port-80 redirect server), the cache in `cache_dir`, the upstream's servers `app_servers`
    ("127.0.0.1:8101", ...). Every other line is the file's own."""
    text = SITE_CONF.read_text() if text is None else text
    text = _replace(
        rf"^proxy_cache_path {re.escape(CACHE_PATH)} ",
        f"proxy_cache_path {cache_dir} ",
        text,
        "proxy_cache_path",
    )
    servers = "".join(f"    server {address};\n" for address in app_servers)
    text = _replace(
        r"^(upstream hfs_app \{\n(?:\s*#.*\n)*)(?:\s*server [^;]*;\n)+",
        lambda match: match.group(1) + servers,
        text,
        "upstream servers",
    )
    text = _replace(
        r"^server \{\n(?:(?!^\}).*\n)*?\s*return 301 https://.*\n\}\n\n?",
        "",
        text,
        "port-80 redirect server",
    )
    text = _replace(r"^\s*listen \[::\]:443 .*\n", "", text, "IPv6 listen line")
    text = _replace(r"^(\s*)listen 443 .*;$", rf"\g<1>listen 127.0.0.1:{port};", text, "listen")
    return _replace(r"^\s*ssl_\w+ .*\n", "", text, "ssl_ lines")


def main_config(folder, *, includes, workers="auto", access_log=True):
    """nginx.conf for a server of the caller's: Debian's /etc/nginx/nginx.conf (the same
    `http` defaults), with every file it writes in `folder`."""
    folder = Path(folder)
    user = ""
    if os.geteuid() == 0:  # root's workers would otherwise become `nobody`, locked out of folder
        import grp
        import pwd

        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"
    temp = "\n".join(
        f"    {kind}_temp_path {folder / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    log = f"{folder / 'access.log'}" if access_log else "off"
    included = "\n".join(f"    include {path};" for path in includes)
    return f"""{user}worker_processes {workers};
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;

events {{
    worker_connections 768;
}}

http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {log};
    gzip on;
{temp}

{included}
}}
"""


def static_server(port, root):
    """A server block that serves the files of `root` as they are, for the bench to compare
    the kept page with (with the same tcp_nopush as deploy/nginx/hfs.conf)."""
    return f"""server {{
    listen 127.0.0.1:{port};
    tcp_nopush off;
    root {root};
    location / {{
        try_files $uri =404;
    }}
}}
"""


def wait_listening(port, process, error_log, timeout=15):
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        if process.poll() is not None or time.monotonic() > deadline:
            log = Path(error_log).read_text(errors="replace") if Path(error_log).exists() else ""
            raise RuntimeError(f"nginx did not start on port {port}:\n{log[-2000:]}")
        time.sleep(0.05)


def start(folder, *, site, ports, extra="", workers="auto", access_log=True):
    """Start nginx with the server blocks `site` (and `extra`) in `folder`; returns the
    process once every port in `ports` accepts connections. Stop it with stop()."""
    folder = Path(folder)
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / "temp" / kind).mkdir(parents=True, exist_ok=True)
    (folder / "hfs.conf").write_text(site)
    includes = [folder / "hfs.conf"]
    if extra:
        (folder / "extra.conf").write_text(extra)
        includes.append(folder / "extra.conf")
    conf = folder / "nginx.conf"
    conf.write_text(main_config(folder, includes=includes, workers=workers, access_log=access_log))
    error_log = folder / "error.log"
    command = [str(NGINX), "-p", str(folder), "-c", str(conf), "-e", str(error_log)]
    checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode:
        raise RuntimeError(f"nginx -t refused the configuration:\n{checked.stderr}")
    # A session of its own: Ctrl-C reaches the caller, which stops nginx in order.
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for port in ports:
            wait_listening(port, process, error_log)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process, timeout=15):
    """Stop nginx (its master, and with it every worker and cache process)."""
    if process.poll() is None:
        process.terminate()  # SIGTERM: nginx's fast shutdown
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def running(folder, **kwargs):
    """start() as a context manager."""
    process = start(folder, **kwargs)
    try:
        yield process
    finally:
        stop(process)
