"""`make bench`: the site under load, side by side with what Django itself can do.

1. Builds a throw-away SQLite database (bench/results/bench.sqlite3): the seed article plus
   articles with 3, 1,000 and 10,000 approved comments, some threaded, some pending and spam.
2. Serves it with gunicorn exactly as `make run` does (gunicorn.conf.py, DEBUG off, collected
   static files), once warm and once "cold" (with the switches of --cold-env), and beside it the
   two reference ceilings of bench/ceilings/ under the same gunicorn settings; and Debian's
   nginx with the configuration docs/deploy.md shows (deploy/nginx/hfs.conf, bench/nginx.py)
   in front of the warm site, beside the same nginx serving each article page's bytes as a
   static file.
3. Drives load with wrk from its own process, alternating the scenarios over several rounds.
4. Posts comments from 16 clients (a separate Python process), measures memory and page weight.
5. Imports a generated WordPress export of 10,000 and 100,000 comments beside `loaddata` of the
   same rows (bench/imports.py), and times /search/ at 1,000 and 100,000 approved comments on
   SQLite and PostgreSQL (bench/search_scale.py). `--only` runs some of these parts.
6. Writes everything to bench/results/bench-<time>.json and prints short tables.

Only 127.0.0.1 is ever sent traffic, on ports 8100-8199 (or --ports). Every server it starts
(gunicorn, nginx) is stopped on the way out, and every PostgreSQL database it made dropped,
also on Ctrl-C or an error.
"""

import argparse
import contextlib
import gzip
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path

from bench import imports, nginx, search_scale

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "bench"
RESULTS_DIR = BENCH_DIR / "results"
DATABASE = RESULTS_DIR / "bench.sqlite3"
STATIC_ROOT = RESULTS_DIR / "static"
LOG_DIR = RESULTS_DIR / "logs"
NGINX_DIR = RESULTS_DIR / "nginx"  # its configuration, cache, logs and the pages' static copies
IMPORTS_DIR = RESULTS_DIR / "imports"  # the generated exports, fixtures and their databases
SEARCH_DIR = RESULTS_DIR / "search"  # the search figure's SQLite databases
# What `--only` can pick: the site under load (everything but the two below), the import figure
# and the search figure.
PARTS = ("site", "imports", "search")
BIN_DIR = Path(sys.executable).parent
HOST = "127.0.0.1"
PORTS = range(8100, 8200)
SEED_PATH = "/articles/hemifacial-spasm/"
REPORT_LUA = BENCH_DIR / "wrk" / "report.lua"
MIX_LUA = BENCH_DIR / "wrk" / "mix.lua"
WRK_INSTALL_HINT = "wrk is not installed. On Debian or Ubuntu: sudo apt-get install -y wrk"
# What the bench relaxes on the site it starts, so that 16 clients posting from one address
# are neither rate-limited nor taken for bots typing too fast. Printed on every run.
RELAXED = {"COMMENTS_RATE_LIMIT": "0", "COMMENTS_MIN_SECONDS": "0"}
# A page whose single request takes longer than this is loaded with one connection per worker
# and one longer round: 16 queued requests would outlast a round and spill into the next one.
SLOW_SECONDS = 0.5


def log(message=""):
    print(message, flush=True)


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    name: str
    app: str
    port: int
    env: dict
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    def workers(self):
        """PIDs of the gunicorn master's worker processes."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
            return sorted(int(child) for child in text.split())
        except OSError:
            children = []
            for stat in Path("/proc").glob("[0-9]*/stat"):
                with contextlib.suppress(OSError, IndexError, ValueError):
                    if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                        children.append(int(stat.parent.name))
            return sorted(children)

    def rss_mb(self):
        """{worker pid: resident memory in MB}."""
        sizes = {}
        for pid in self.workers():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes[pid] = round(int(line.split()[1]) / 1024, 1)
        return sizes

    def cpu_seconds(self):
        total = 0
        for pid in self.workers():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def settle(self, timeout=60):
        """Wait until the workers are idle: requests queued by a finished wrk run still get
        served after wrk has gone, and must not be counted against the next scenario."""
        deadline = time.monotonic() + timeout
        before = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = self.cpu_seconds()
            if now - before < 0.03:
                return
            before = now


class Servers(contextlib.AbstractContextManager):
    """Starts gunicorn processes and stops every one of them on the way out."""

    def __init__(self):
        self.started = []

    def start(self, name, app, port, env):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        server = Server(name, app, port, env, log_path=LOG_DIR / f"{name}.log")
        command = [
            str(BIN_DIR / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{port}",
            "--no-control-socket",
            app,
        ]
        with open(server.log_path, "wb") as output:
            # A session of its own: Ctrl-C reaches this script, which stops it in order.
            server.process = subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.started.append(server)
        return server

    def start_nginx(self, name, upstream, port, static_port):
        """nginx as docs/deploy.md configures it (deploy/nginx/hfs.conf) on `port`, in front of
        the gunicorn server `upstream`; and on `static_port`, in the same nginx, a server of the
        plain files of NGINX_DIR/static-copy. Returns the two as servers, and that folder."""
        shutil.rmtree(NGINX_DIR, ignore_errors=True)
        static_root = NGINX_DIR / "static-copy"
        static_root.mkdir(parents=True)
        site = nginx.site_config(
            port=port, app_servers=[f"{HOST}:{upstream.port}"], cache_dir=NGINX_DIR / "cache"
        )
        # No access log, for both servers alike: a line per request is not what is compared.
        process = nginx.start(
            NGINX_DIR,
            site=site,
            ports=[port, static_port],
            extra=nginx.static_server(static_port, static_root),
            access_log=False,
        )
        proxy = Server(name, "nginx", port, {}, process=process, log_path=NGINX_DIR / "error.log")
        static = Server(f"{name}-static", "nginx", static_port, {}, process=process)
        self.started.append(proxy)
        return proxy, static, static_root

    def wait_ready(self, server, path, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                break
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(server, path, timeout=5)["status"] == 200:
                    return
            time.sleep(0.2)
        tail = server.log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{server.name} did not start on port {server.port}:\n{tail}")

    def __exit__(self, *exc):
        for server in reversed(self.started):  # nginx before the servers behind it
            if server.process.poll() is None:
                server.process.terminate()
        for server in self.started:
            try:
                server.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.process.pid, signal.SIGKILL)
                server.process.wait(timeout=10)
        return False


def free_ports(count, ports=PORTS):
    """`count` consecutive free ports in `ports` (the bench's own range, 8100-8199)."""
    for first in range(ports.start + 1, ports.stop - count + 1, 10):
        block = range(first, first + count)
        if all(port_is_free(port) for port in block):
            return list(block)
    raise SystemExit(f"No free ports in {ports.start}-{ports.stop - 1}: is another bench running?")


def port_range(text):
    """The ports FIRST to LAST of "FIRST-LAST" ("8170-8189")."""
    first, last = (int(part) for part in text.split("-"))
    return range(first, last + 1)


def port_is_free(port):
    with socket.socket() as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
    return True


def fetch(server, path, *, headers=None, timeout=60):
    """One request; returns status, headers, body and the time it took."""
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        return {
            "status": response.status,
            "headers": {k.lower(): v for k, v in response.getheaders()},
            "body": body,
            "seconds": elapsed,
        }
    finally:
        connection.close()


# --------------------------------------------------------------------------- setup


def base_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "BENCH_"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def site_env(extra=()):
    """The environment of `make run`'s site, on the bench database and static files."""
    return {
        **base_env(),
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
        **RELAXED,
        **dict(extra),
    }


def prepare(sizes):
    log(f"Building {DATABASE.relative_to(PROJECT_DIR)} (sizes {', '.join(map(str, sizes))})")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.build_db",
            str(DATABASE),
            "--sizes",
            ",".join(map(str, sizes)),
        ],
        cwd=PROJECT_DIR,
        env=base_env(),
        check=True,
    )
    # The site's cache, when it is the database cache (no REDIS_URL), as `make migrate` makes it.
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=PROJECT_DIR,
        env=site_env(),
        check=True,
    )
    collect_static()


def collect_static():
    log("Collecting static files (as `make run` does, into bench/results/static)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=site_env(),
        check=True,
    )


# --------------------------------------------------------------------------- wrk


def wrk(server, path, *, connections, seconds, headers=(), script=REPORT_LUA, args=()):
    """Run wrk against one URL of one server; returns its summary (see wrk/report.lua)."""
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    for header in headers:
        command += ["-H", header]
    command.append(f"{server.url}{path}")
    if args:
        command += ["--", *map(str, args)]
    done = subprocess.run(
        command, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=seconds + 90
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            summary = json.loads(line.removeprefix("BENCH_JSON "))
            server.settle()
            return summary
    raise RuntimeError(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")


def rate(summary):
    """Requests per second of one wrk run."""
    return summary["requests"] / (summary["duration_us"] / 1e6) if summary["duration_us"] else 0


def summarise_rounds(rounds):
    """Median requests/s, p50 and p99 over the rounds, and bytes per response."""
    rates = [rate(r) for r in rounds if r["duration_us"]]
    requests = sum(r["requests"] for r in rounds)
    errors = {}
    for r in rounds:
        for kind, count in r["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    return {
        "rps": round(statistics.median(rates), 1) if rates else 0.0,
        "p50_ms": round(statistics.median(r["latency_us"]["p50"] for r in rounds) / 1000, 2),
        "p99_ms": round(statistics.median(r["latency_us"]["p99"] for r in rounds) / 1000, 2),
        "bytes_per_response": round(sum(r["bytes"] for r in rounds) / requests) if requests else 0,
        "requests": requests,
        "errors": {kind: count for kind, count in errors.items() if count},
    }


# --------------------------------------------------------------------------- scenarios


@dataclass
class Scenario:
    name: str
    server: Server
    path: str
    connections: int
    headers: list = field(default_factory=list)
    rounds: int = 0
    seconds: float = 0
    note: str = ""
    probe: dict = field(default_factory=dict)
    results: list = field(default_factory=list)
    # The size of the page served (for a 304, of the page it stands for): the ceilings' size.
    page_bytes: int = 0
    ceiling: str = ""  # "bare", "secure" or "static" for a reference ceiling
    # "nginx" for a page through nginx and for nginx serving its bytes as a file: a pair of
    # their own, compared with each other only.
    group: str = ""


def comment_ids(body):
    return re.findall(rb'id="comment-(\d+)"', body)


def last_page_path(path, first_page, approved, per_page_guess):
    """The last page of an article's comments: the highest ?page=N the first page links to, or,
    when it links to none (no paging yet), ?page=<approved / per_page_guess rounded up>."""
    numbers = [int(n) for n in re.findall(rb'href="[^"]*[?&](?:amp;)?page=(\d+)', first_page)]
    if numbers:
        return f"{path}?page={max(numbers)}", "found in the first page's links"
    guess = max(1, math.ceil(approved / per_page_guess))
    return f"{path}?page={guess}", f"no paging links on page 1: guessed {per_page_guess} a page"


def describe_probe(response, *, first=None):
    """What the site answered to one plain request: the facts the table reports."""
    headers = response["headers"]
    body = response["body"]
    info = {
        "status": response["status"],
        "bytes": len(body),
        "seconds": round(response["seconds"], 4),
        "comments_on_page": len(comment_ids(body)),
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
        "cache_control": headers.get("cache-control"),
        "gzip_bytes": len(gzip.compress(body, 6)) if body else 0,
    }
    if first is not None:
        info["same_comments_as_first_page"] = comment_ids(body) == comment_ids(first["body"])
    return info


def plan(args, site, cold, sizes, deadline):
    """Probe each page once and lay out the scenarios (which also warms every page)."""
    scenarios = [Scenario("home", site, "/", args.connections)]
    cold_scenarios, notes = [], []
    small = min(sizes)
    for size in sizes:
        path = f"/articles/bench-{size}/"
        first = fetch(site, path)
        name = f"article {size:,}" if size < 1000 else f"article {size:,} p1"
        scenarios.append(Scenario(name, site, path, args.connections))
        scenarios[-1].probe = describe_probe(first)
        pages = [(name, path)]
        if size >= 1000:
            last, how = last_page_path(path, first["body"], size, args.comments_per_page)
            last_probe = describe_probe(fetch(site, last), first=first)
            scenarios.append(Scenario(f"article {size:,} last", site, last, args.connections))
            scenarios[-1].probe = last_probe
            scenarios[-1].note = how
            if last_probe["same_comments_as_first_page"]:
                scenarios[-1].note += "; same comments as p1 (no paging yet)"
            pages.append((f"article {size:,} last", last))
        for page_name, page in pages:
            cold_scenarios.append(Scenario(f"{page_name} cold", cold, page, 1))
            cold_scenarios[-1].probe = describe_probe(fetch(cold, page))
        if time.monotonic() > deadline:
            break
    small_path = f"/articles/bench-{small}/"
    first = fetch(site, small_path)
    validators = []
    if etag := first["headers"].get("etag"):
        validators.append(f"If-None-Match: {etag}")
    if modified := first["headers"].get("last-modified"):
        validators.append(f"If-Modified-Since: {modified}")
    conditional = Scenario(f"article {small:,} conditional", site, small_path, args.connections)
    if validators:
        conditional.headers = validators
        conditional.note = "validators sent: " + ", ".join(h.split(":")[0] for h in validators)
    else:
        conditional.headers = [f"If-Modified-Since: {formatdate(usegmt=True)}"]
        conditional.note = "the site sent no ETag or Last-Modified: sent If-Modified-Since: now"
        notes.append("Conditional GET: the article page has no ETag/Last-Modified yet.")
    answer = fetch(site, small_path, headers=dict(h.split(": ", 1) for h in conditional.headers))
    conditional.probe = describe_probe(answer)
    conditional.note += f"; answered {answer['status']}"
    scenarios.append(conditional)
    scenarios += cold_scenarios
    scenarios[0].probe = describe_probe(fetch(site, "/"))
    for scenario in scenarios:
        scenario.page_bytes = scenario.probe["bytes"]
    conditional.page_bytes = len(first["body"])
    for scenario in scenarios:
        slow = scenario.probe.get("seconds", 0) > SLOW_SECONDS
        scenario.rounds, scenario.seconds = args.rounds, args.seconds
        if slow:
            # One connection per core: more would only queue behind requests of seconds.
            workers = len(scenario.server.workers()) or 1
            scenario.connections = min(scenario.connections, os.cpu_count() or 1, workers)
            scenario.rounds = 1
            scenario.seconds = min(max(args.seconds, 4 * scenario.probe["seconds"]), 30)
            slow_note = (
                f"one request takes {scenario.probe['seconds']:.1f} s: "
                f"{scenario.connections} connection(s), one {scenario.seconds:.0f} s round"
            )
            scenario.note = f"{scenario.note}; {slow_note}" if scenario.note else slow_note
    return scenarios, notes


def plan_nginx(args, scenarios, site, proxy, static, static_root):
    """Each article's first page through nginx's proxy_cache in front of `site`; and as its
    reference ceiling, the same nginx serving the very bytes it sends for that page from a
    file. Returns (scenarios, ceilings, notes)."""
    pages, files, notes = [], [], []
    for scenario in scenarios:
        path = scenario.path
        if scenario.server is not site or scenario.headers:
            continue
        if not re.fullmatch(r"/articles/[^/?]+/", path):
            continue
        fetch(proxy, path)  # nginx keeps it now, if the site lets it
        kept = fetch(proxy, path)
        copy = static_root / f"{path.strip('/').rsplit('/', 1)[-1]}.html"
        copy.write_bytes(kept["body"])
        served = fetch(static, f"/{copy.name}")
        cache_status = kept["headers"].get("x-cache-status")
        page = Scenario(f"nginx: {scenario.name}", proxy, path, args.connections)
        page.probe = {**describe_probe(kept), "x_cache_status": cache_status}
        page.note = f"X-Cache-Status: {cache_status}"
        if cache_status != "HIT":
            notes.append(
                f"nginx did not keep {path} (X-Cache-Status {cache_status}, Cache-Control "
                f"{kept['headers'].get('cache-control')}): its figure is the site's, via nginx."
            )
        file = Scenario(f"ceiling: static {len(kept['body']):,} B", static, f"/{copy.name}", 0)
        file.probe = describe_probe(served)
        file.ceiling = "static"
        file.note = f"the bytes nginx sends for {path}"
        if served["body"] != kept["body"]:
            file.note += ": NOT the same bytes"
            notes.append(f"nginx's static copy of {path} differs from the kept page.")
        for item in (page, file):
            item.group = "nginx"
            item.page_bytes = len(kept["body"])
            item.connections = args.connections
            item.rounds, item.seconds = args.rounds, args.seconds
        pages.append(page)
        files.append(file)
    return pages, files, notes


def paired_groups(scenarios, ceilings):
    """The scenarios grouped with the ceilings of their page size, each group run back to back
    in a round: the machine's speed drifts over minutes (other work, the host), and a ratio of
    two runs made seconds apart is not moved by it. Scenarios without ceilings (the cold site
    at one connection) are groups of their own; a page through nginx is paired with nginx serving
    its bytes as a file."""
    groups = {}
    for scenario in scenarios:
        paired = scenario.connections > 1
        key = (scenario.group, scenario.page_bytes) if paired else id(scenario)
        groups.setdefault(key, []).append(scenario)
    for ceiling in ceilings:
        groups.setdefault((ceiling.group, ceiling.page_bytes), []).append(ceiling)
    return list(groups.values())


def load(scenarios, ceilings, args, deadline):
    """Warm every fast scenario up, then run the rounds: in each, every group of
    paired_groups() once, each group's runs one after the other."""
    groups = paired_groups(scenarios, ceilings)
    for scenario in [*scenarios, *ceilings]:
        if scenario.rounds > 1:
            wrk(
                scenario.server,
                scenario.path,
                connections=scenario.connections,
                seconds=1,
                headers=scenario.headers,
            )
    rounds = max(s.rounds for s in [*scenarios, *ceilings])
    for number in range(rounds):
        if time.monotonic() > deadline:
            log(f"  time budget reached: stopping after {number} round(s)")
            break
        log(f"  round {number + 1} of {rounds}")
        # Start each round at another group, so no group always follows the same one.
        shift = number * 3 % len(groups)
        for group in groups[shift:] + groups[:shift]:
            for scenario in group:
                if number >= scenario.rounds:
                    continue
                summary = wrk(
                    scenario.server,
                    scenario.path,
                    connections=scenario.connections,
                    seconds=scenario.seconds,
                    headers=scenario.headers,
                )
                scenario.results.append(summary)


# --------------------------------------------------------------------------- memory


def memory(site, sizes, args):
    """RSS of each worker before and after `args.memory_requests` requests of a page mix."""
    small, large = min(sizes), max(sizes)
    # Weights per 2,000 requests: mostly the pages most readers load, now and then a page with
    # every comment (the 10,000-comment page takes seconds each: one in every 2,000).
    weights = {"/": 800, f"/articles/bench-{small}/": 1000, SEED_PATH: 191}
    middle = [size for size in sizes if small < size < large]
    for size in middle:
        weights[f"/articles/bench-{size}/"] = 8
    if large != small:
        weights[f"/articles/bench-{large}/"] = 1
    # Spread each page evenly through the cycle instead of bunching its requests together.
    slots = sorted(
        ((index + 0.5) / weight, path)
        for path, weight in weights.items()
        for index in range(weight)
    )
    cycle = [path for _, path in slots]
    before, pids_before = site.rss_mb(), site.workers()
    answered, rate, started = 0, 100.0, time.monotonic()
    limit = args.memory_seconds
    while answered < args.memory_requests and time.monotonic() - started < limit:
        remaining = args.memory_requests - answered
        seconds = max(1.0, min(30.0, remaining / rate, limit - (time.monotonic() - started)))
        summary = wrk(
            site,
            "/",
            connections=args.connections,
            seconds=seconds,
            script=MIX_LUA,
            args=[math.ceil(remaining / 2), *cycle],
        )
        answered += summary["requests"]
        if summary["requests"]:
            rate = max(10.0, summary["requests"] / (summary["duration_us"] / 1e6))
        else:
            break
    after, pids_after = site.rss_mb(), site.workers()
    return {
        "requests": answered,
        "seconds": round(time.monotonic() - started, 1),
        "mix_per_2000": weights,
        "rss_mb_before": before,
        "rss_mb_after": after,
        "max_rss_mb_after": max(after.values(), default=0),
        "recycled_workers": sorted(set(pids_before) - set(pids_after)),
        "gunicorn_max_requests": int(os.environ.get("GUNICORN_MAX_REQUESTS", 50000)),
    }


# --------------------------------------------------------------------------- posting


def post_load(site, path, *, clients, seconds, max_posts):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.post_driver",
            site.url,
            path,
            "--clients",
            str(clients),
            "--seconds",
            str(seconds),
            "--max-posts",
            str(max_posts),
        ],
        cwd=PROJECT_DIR,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    if done.returncode:
        raise RuntimeError(f"the POST driver failed:\n{done.stderr}")
    return json.loads(done.stdout)


def verify_posts(result):
    """How many accepted posts are rows in the database, and what status each was given."""
    ids = result.pop("accepted_ids")
    connection = sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True, timeout=30)
    try:
        found, statuses = 0, {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                f"SELECT status, COUNT(*) FROM comments_comment WHERE id IN ({marks}) "
                "GROUP BY status",
                chunk,
            ).fetchall()
            for status, count in rows:
                statuses[status] = statuses.get(status, 0) + count
                found += count
        tagged = connection.execute(
            "SELECT COUNT(*) FROM comments_comment WHERE body LIKE ?",
            (f"%Bench comment {result['run_id']}-%",),
        ).fetchone()[0]
    finally:
        connection.close()
    result["rows_found"] = found
    result["lost"] = len(ids) - found
    result["rows_with_this_run_tag"] = tagged
    result["row_statuses"] = statuses
    return result


def posting(site, path, args):
    many = verify_posts(
        post_load(site, path, clients=16, seconds=args.post_seconds, max_posts=args.post_max)
    )
    site.settle()
    one = verify_posts(
        post_load(site, path, clients=1, seconds=min(10, args.post_seconds), max_posts=600)
    )
    return {"clients_16": many, "clients_1": one}


# --------------------------------------------------------------------------- page weight


def max_age(cache_control):
    match = re.search(r"max-age=(\d+)", cache_control or "")
    return int(match.group(1)) if match else 0


def page_weight(site, path):
    """The article page's first load (HTML + CSS + JS) as sent with Accept-Encoding: br, gzip,
    and how whitenoise serves each static file."""
    html = fetch(site, path, headers={"Accept-Encoding": "br, gzip"})
    body = html["body"]
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', body)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', body)
    icons = re.findall(rb'<link[^>]+rel="icon"[^>]+href="([^"]+)"', body)
    report = {
        "path": path,
        "html": {
            "bytes_sent": len(body),
            "content_encoding": html["headers"].get("content-encoding"),
            "uncompressed_bytes": len(body),
            "gzip_bytes_if_compressed": len(gzip.compress(body, 6)),
        },
        "static": [],
    }
    if not report["html"]["content_encoding"]:
        with contextlib.suppress(ImportError):
            import brotli

            report["html"]["brotli_bytes_if_compressed"] = len(brotli.compress(body, quality=5))
    total = len(body)
    for url in [*assets, *icons]:
        url = url.decode()
        entry = {"url": url, "counted": url.encode() not in icons}
        for encoding in ("br", "gzip", "identity"):
            answer = fetch(site, url, headers={"Accept-Encoding": encoding})
            entry[encoding] = {
                "status": answer["status"],
                "bytes": len(answer["body"]),
                "content_encoding": answer["headers"].get("content-encoding"),
            }
            entry["cache_control"] = answer["headers"].get("cache-control")
        entry["far_future"] = max_age(entry["cache_control"]) >= 365 * 24 * 3600
        entry["compressed_br"] = entry["br"]["content_encoding"] == "br"
        entry["compressed_gzip"] = entry["gzip"]["content_encoding"] == "gzip"
        if entry["counted"]:
            total += entry["br"]["bytes"]
        report["static"].append(entry)
    report["first_load_bytes"] = total
    return report


# --------------------------------------------------------------------------- report


def table(results):
    """Each scenario with its ratios to the ceilings serving a page of its own size (a page
    through nginx: to nginx serving its bytes as a file)."""
    header = (
        f"{'scenario':<28}{'conn':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'bytes/resp':>12}{'÷bare':>7}{'÷secure':>8}{'÷static':>8}  status, notes"
    )
    log(header)
    log("-" * len(header))
    for row in [*results["scenarios"], *results["ceilings"]]:
        ratios = "".join(
            f"{row[f'ratio_to_{kind}']:>{width}.2f}"
            if row.get(f"ratio_to_{kind}") is not None
            else f"{'-':>{width}}"
            for kind, width in (("bare", 7), ("secure", 8), ("static", 8))
        )
        status = row.get("probe", {}).get("status", "")
        errors = ", ".join(f"{k} {v}" for k, v in row["errors"].items())
        extra = "; ".join(part for part in [errors and f"errors: {errors}", row["note"]] if part)
        log(
            f"{row['name']:<28}{row['connections']:>5}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['bytes_per_response']:>12,}{ratios}  {status} {extra}"
        )


def add_ratios(rows):
    """Give each loaded page's row its ratios to the two ceilings of the same page size: in
    each round, its requests/s over the ceiling's, run just after it (see paired_groups); the
    median over the rounds. The ceilings' own rows get theirs to the secure ceiling. A page
    through nginx has one ratio: to nginx serving its bytes as a file."""
    ceilings = {(row["ceiling"], row["page_bytes"]): row for row in rows if row.get("ceiling")}
    for row in rows:
        row["ratio_to_bare"] = row["ratio_to_secure"] = row["ratio_to_static"] = None
        if row["connections"] <= 1:
            continue
        for kind in ("static",) if row.get("group") == "nginx" else ("bare", "secure"):
            ceiling = ceilings.get((kind, row["page_bytes"]))
            if ceiling is None:
                continue
            ratios = [
                rate(mine) / rate(theirs)
                for mine, theirs in zip(row["rounds"], ceiling["rounds"], strict=False)
                if rate(theirs)
            ]
            if ratios:
                row[f"ratio_to_{kind}"] = round(statistics.median(ratios), 3)


def report_posts(posts):
    for result in posts.values():
        log(
            f"POST {result['clients']:>2} client(s): {result['accepted']} accepted "
            f"({result['accepted_per_s']}/s, each after a GET of a fresh form) in "
            f"{result['elapsed_s']} s; POST p50 {result['post_ms']['p50']} ms, "
            f"p99 {result['post_ms']['p99']} ms; 5xx {result['server_errors']}, "
            f"other errors {result['other_errors']}; rows found {result['rows_found']}, "
            f"lost {result['lost']}; statuses {result['row_statuses']}; answers "
            f"{result['statuses']}"
        )


def measure_site(args, sizes, cold_env, deadline):
    """The site under load beside its ceilings (steps 1 to 8 of docs/performance.md): its
    figures for the results file."""
    if not args.skip_build or not DATABASE.exists():
        prepare(sizes)
    log(
        "Relaxed for this run: "
        + ", ".join(f"{k}={v}" for k, v in RELAXED.items())
        + " (no rate limit, no minimum typing time), so 16 clients can post from 127.0.0.1"
    )
    log(
        "Cold site started with: "
        + ", ".join(f"{k}={v}" for k, v in cold_env)
        + " (the site keeps no rendered page: every request renders it)"
    )
    log("Other work on this machine makes these figures noisy: compare ratios within one run.")
    port_site, port_cold, port_bare, port_secure, port_nginx, port_static = free_ports(
        6, args.ports
    )
    with Servers() as servers:
        site = servers.start("site", "hfs_site.wsgi", port_site, site_env())
        cold = servers.start("site-cold", "hfs_site.wsgi", port_cold, site_env(cold_env))
        for server in (site, cold):
            servers.wait_ready(server, "/healthz")
        rss_at_start = site.rss_mb()
        log(f"Site on {site.url} (warm) and {cold.url} (cold); probing the pages")
        scenarios, notes = plan(args, site, cold, sizes, deadline)
        # "A page of the same size as the article page": one pair of ceilings per page size
        # loaded at full concurrency (a 304 is compared with the page it stands for).
        page_sizes = sorted({s.page_bytes for s in scenarios if s.connections > 1})
        ceiling_env = {**base_env(), "BENCH_PAGE_BYTES": str(min(page_sizes))}
        bare = servers.start("bare", "bench.ceilings.bare:application", port_bare, ceiling_env)
        secure = servers.start(
            "secure", "bench.ceilings.secure:application", port_secure, ceiling_env
        )
        for server in (bare, secure):
            servers.wait_ready(server, "/")
        log(
            f"Ceilings on {bare.url} (bare) and {secure.url} (secure default), "
            f"pages of {', '.join(f'{size:,}' for size in page_sizes)} bytes"
        )
        ceilings = [
            Scenario(
                f"ceiling: {kind} {size:,} B",
                server,
                f"/?bytes={size}",
                args.connections,
                rounds=args.rounds,
                seconds=args.seconds,
                page_bytes=size,
                ceiling=kind,
            )
            for size in page_sizes
            for kind, server in (("bare", bare), ("secure", secure))
        ]
        nginx_version = None
        if not args.no_nginx:
            proxy, static, static_root = servers.start_nginx("nginx", site, port_nginx, port_static)
            nginx_version = nginx.version()
            log(
                f"{nginx_version} on {proxy.url}, configured as docs/deploy.md shows "
                f"(deploy/nginx/hfs.conf) in front of the warm site, and serving each article "
                f"page's bytes as a static file on {static.url}"
            )
            pages, files, more = plan_nginx(args, scenarios, site, proxy, static, static_root)
            scenarios += pages
            ceilings += files
            notes += more
        log(f"Memory: {args.memory_requests:,} requests of a page mix on the warm site")
        mem = memory(site, sizes, args)
        mem["rss_mb_at_start"] = rss_at_start
        runs = len(scenarios) + len(ceilings)
        log(f"Load: {runs} scenarios, {args.rounds} rounds of {args.seconds:g} s")
        load(scenarios, ceilings, args, deadline)
        log("Posting comments: 16 clients, then 1")
        posts = posting(site, f"/articles/bench-{min(sizes)}/", args)
        weight = page_weight(site, f"/articles/bench-{min(sizes)}/")
    rows = []
    for scenario in [*scenarios, *ceilings]:
        summary = (
            summarise_rounds(scenario.results)
            if scenario.results
            else {
                "rps": 0.0,
                "p50_ms": 0.0,
                "p99_ms": 0.0,
                "bytes_per_response": 0,
                "requests": 0,
                "errors": {},
            }
        )
        row = {
            "name": scenario.name,
            "server": scenario.server.name,
            "path": scenario.path,
            "connections": scenario.connections,
            "headers": scenario.headers,
            "seconds_per_round": scenario.seconds,
            "rounds": scenario.results,
            "note": scenario.note,
            "probe": scenario.probe,
            "page_bytes": scenario.page_bytes,
            "ceiling": scenario.ceiling,
            "group": scenario.group,
            **summary,
        }
        if not summary["requests"]:
            row["bytes_per_response"] = scenario.probe.get("bytes", 0)
            row["note"] = "; ".join(filter(None, ["no request completed in time", row["note"]]))
        elif summary["requests"] < 20:
            few = f"only {summary['requests']} requests: p99 is about their slowest"
            row["note"] = "; ".join(filter(None, [few, row["note"]]))
        rows.append(row)
    add_ratios(rows)
    return {
        "settings": {
            "rounds": args.rounds,
            "seconds": args.seconds,
            "connections": args.connections,
            "relaxed_env": RELAXED,
            "cold_env": dict(cold_env),
            "sizes": sizes,
            "workers": len(site.workers()) if site.process else None,
            "nginx": nginx_version
            and {
                "version": nginx_version,
                "configuration": "deploy/nginx/hfs.conf (bench/nginx.py: loopback port, no TLS)",
                "access_log": "off",
            },
        },
        "scenarios": [row for row in rows if not row["ceiling"]],
        "ceilings": [row for row in rows if row["ceiling"]],
        "memory": mem,
        "posts": posts,
        "page_weight": weight,
        "notes": notes,
    }


def report_site(results):
    """The site's table, posts, memory, page weight and notes."""
    posts, mem, weight = results["posts"], results["memory"], results["page_weight"]
    log()
    table(results)
    log()
    report_posts(posts)
    log(
        f"Memory: worker RSS {mem['rss_mb_at_start']} MB at start, {mem['rss_mb_before']} MB "
        f"before and {mem['rss_mb_after']} MB after {mem['requests']:,} requests "
        f"(recycled workers: {mem['recycled_workers'] or 'none'})"
    )
    log(
        f"Page weight ({weight['path']}, first load, Accept-Encoding: br, gzip): "
        f"{weight['first_load_bytes']:,} bytes; HTML sent "
        f"{weight['html']['content_encoding'] or 'uncompressed'} "
        f"({weight['html']['bytes_sent']:,} bytes, {weight['html']['gzip_bytes_if_compressed']:,} "
        "gzipped)"
    )
    for entry in weight["static"]:
        log(
            f"  {entry['url']}: br {entry['br']['bytes']:,} B ({entry['br']['content_encoding']}),"
            f" gzip {entry['gzip']['bytes']:,} B ({entry['gzip']['content_encoding']}), "
            f"{entry['identity']['bytes']:,} B plain; Cache-Control: {entry['cache_control']}"
        )
    for note in results["notes"]:
        log(f"Note: {note}")


def int_list(text):
    return sorted({int(size) for size in text.split(",")})


def search_figure(args):
    """/search/?q= on databases of each size, SQLite and (unless --no-pg, or unreachable)
    PostgreSQL, each served by gunicorn as the site is (bench/search_scale.py)."""
    sizes = int_list(args.search_sizes)
    figure = {"sizes": sizes, "queries": search_scale.QUERIES, "notes": []}
    if not (STATIC_ROOT / "staticfiles.json").exists():
        collect_static()
    started = time.monotonic()
    log(f"Search: building SQLite databases of {', '.join(f'{n:,}' for n in sizes)} comments")
    sqlite = search_scale.sqlite_databases(SEARCH_DIR, sizes, base_env())
    urls = {("sqlite", size): url for size, url in sqlite.items()}
    use_pg = not args.no_pg and search_scale.pg_reachable(args.pg_url)
    if not args.no_pg and not use_pg:
        figure["notes"].append(f"PostgreSQL left out: nothing answers at {args.pg_url}")
    try:
        if use_pg:
            log(
                f"Search: building PostgreSQL databases {search_scale.PG_PREFIX}_* on {args.pg_url}"
            )
            pg = search_scale.pg_databases(args.pg_url, sizes, base_env())
            urls.update({("postgresql", size): url for size, url in pg.items()})
        figure["build_seconds"] = round(time.monotonic() - started, 1)
        ports = free_ports(len(urls), args.ports)
        with Servers() as servers:
            started_servers = {
                key: servers.start(
                    f"search-{key[0]}-{key[1]}",
                    "hfs_site.wsgi",
                    port,
                    site_env([("DATABASE_URL", url)]),
                )
                for (key, url), port in zip(urls.items(), ports, strict=True)
            }
            for server in started_servers.values():
                servers.wait_ready(server, "/healthz")
            log(f"Search: {len(started_servers)} sites served; asking one request at a time")
            figure["workers"] = len(next(iter(started_servers.values())).workers())
            figure["rows"] = search_scale.measure(fetch, started_servers, log=log)
    finally:
        if use_pg:
            search_scale.pg_drop(args.pg_url, sizes)
    return figure


def report_imports(figure):
    log()
    log(
        "Import: manage.py import_wordpress FILE beside manage.py loaddata of a fixture of the "
        "same rows, each into a freshly migrated SQLite database (migrate beforehand: "
        f"{figure['migrate_seconds']} s)"
    )
    log(f"  loaddata is given {figure['what_loaddata_is_given']}")
    header = (
        f"  {'comments':>9}{'WXR MB':>8}{'JSON MB':>8}{'import s':>10}{'loaddata s':>11}"
        f"{'÷loaddata':>10}{'import RSS MB':>15}{'loaddata RSS MB':>17}  same rows"
    )
    log(header)
    for entry in figure["sizes"]:
        loaded, done = entry["loaddata"], entry.get("import")
        ratio = entry.get("ratio_import_to_loaddata")
        if done is None:
            same = "import_wordpress does not exist yet"
        elif "differences" not in entry:
            same = f"exit codes: import {done['returncode']}, loaddata {loaded['returncode']}"
        else:
            same = "yes" if not entry["differences"] else "NO, see below"
        log(
            f"  {entry['comments']:>9,}{entry['wxr_mb']:>8}{entry['fixture_mb']:>8}"
            f"{done['seconds'] if done else '-':>10}{loaded['seconds']:>11}"
            f"{ratio if ratio is not None else '-':>10}"
            f"{done['peak_rss_mb'] if done else '-':>15}{loaded['peak_rss_mb']:>17}  {same}"
        )
    for entry in figure["sizes"]:
        for key, value in entry.get("differences", {}).items():
            log(f"  {entry['comments']:,} comments, {key}: {str(value)[:300]}")
    sizes = [entry["comments"] for entry in figure["sizes"]]
    if "rss_ratio_large_to_small" in figure:
        log(
            f"  import peak RSS at {max(sizes):,} ÷ at {min(sizes):,} comments: "
            f"{figure['rss_ratio_large_to_small']} (goal ≤ 1.5); import ÷ loaddata goal ≤ 1.5"
        )


def report_search(figure):
    log()
    log(
        "Search: /search/?q= p50 (ms), one request at a time, on databases of "
        + " and ".join(f"{size:,}" for size in figure["sizes"])
        + " approved comments (goal: largest ÷ smallest ≤ 2)"
    )
    sizes = figure["sizes"]
    log(
        f"  {'database':<12}{'query':<14}{'q':<30}"
        + "".join(f"{f'p50 {size:,}':>13}" for size in sizes)
        + f"{'ratio':>8}  marks on page"
    )
    for row in figure.get("rows", []):
        by_size = [row["sizes"][size] for size in sizes if size in row["sizes"]]
        failed = "; ".join(
            f"{size:,}: answered {statuses}"
            for size, entry in row["sizes"].items()
            if (statuses := entry["other_statuses"])
        )
        log(
            f"  {row['database']:<12}{row['query']:<14}{row['q']:<30}"
            + "".join(
                f"{entry['p50_ms']:>13.2f}" if entry["p50_ms"] else f"{'-':>13}"
                for entry in by_size
            )
            + f"{row.get('ratio_p50', '-'):>8}  "
            + ", ".join(str(entry["marks_on_page"]) for entry in by_size)
            + (f"  NOT ALL 200: {failed}" if failed else "")
        )
    for note in figure["notes"]:
        log(f"  Note: {note}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3,1000,10000", help="comment counts of the articles")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3, help="length of one wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--cold-env",
        action="append",
        default=None,
        metavar="NAME=VALUE",
        help="environment of the cold site (default COMMENTS_PAGE_CACHE=0); repeatable",
    )
    parser.add_argument(
        "--comments-per-page",
        type=int,
        default=50,
        help="for guessing the last page while the site has no paging links",
    )
    parser.add_argument("--memory-requests", type=int, default=20000)
    parser.add_argument("--memory-seconds", type=float, default=240)
    parser.add_argument("--post-seconds", type=float, default=15)
    parser.add_argument("--post-max", type=int, default=4000)
    parser.add_argument("--max-minutes", type=float, default=11, help="time budget of the load")
    parser.add_argument("--skip-build", action="store_true", help="reuse bench/results' database")
    parser.add_argument(
        "--no-nginx", action="store_true", help="leave out the pages through nginx's proxy_cache"
    )
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"the parts to run, comma-separated, of {', '.join(PARTS)} (default: all)",
    )
    parser.add_argument(
        "--import-sizes", default="10000,100000", help="comments in the generated exports"
    )
    parser.add_argument(
        "--search-sizes", default="1000,100000", help="approved comments in the search databases"
    )
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server the search figure makes its throw-away databases on",
    )
    parser.add_argument("--no-pg", action="store_true", help="the search figure on SQLite only")
    parser.add_argument(
        "--ports",
        type=port_range,
        default=PORTS,
        metavar="FIRST-LAST",
        help=f"the ports the bench's servers may use (default {PORTS.start}-{PORTS.stop - 1})",
    )
    args = parser.parse_args(argv)
    parts = [part.strip() for part in args.only.split(",") if part.strip()]
    if unknown := set(parts) - set(PARTS):
        parser.error(f"--only: unknown part(s) {', '.join(sorted(unknown))}; parts: {PARTS}")
    if "site" in parts:
        if not shutil.which("wrk"):
            raise SystemExit(WRK_INSTALL_HINT)
        if not args.no_nginx and not nginx.available():
            raise SystemExit(f"{nginx.INSTALL_HINT}; or leave its scenarios out with --no-nginx.")
    sizes = sorted({int(size) for size in args.sizes.split(",")})
    cold_env = [item.split("=", 1) for item in (args.cold_env or ["COMMENTS_PAGE_CACHE=0"])]
    started_at = datetime.now(UTC)
    began = time.monotonic()
    deadline = began + args.max_minutes * 60
    load_before = os.getloadavg()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    results = {"started_at": started_at.isoformat(timespec="seconds"), "parts": parts}
    if "site" in parts:
        results.update(measure_site(args, sizes, cold_env, deadline))
    if "imports" in parts:
        log("Import: import_wordpress beside loaddata of the same rows (bench/imports.py)")
        results["imports"] = imports.run(
            IMPORTS_DIR, base_env(), sizes=int_list(args.import_sizes), log=log
        )
    if "search" in parts:
        results["search"] = search_figure(args)
    results["minutes"] = round((time.monotonic() - began) / 60, 1)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    if shutil.which("wrk"):
        results["machine"]["wrk"] = (
            subprocess.run(["wrk", "-v"], capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[0]
        )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"bench-{started_at:%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, default=str))
    if "site" in parts:
        report_site(results)
    if "imports" in parts:
        report_imports(results["imports"])
    if "search" in parts:
        report_search(results["search"])
    log(
        f"Load average {results['machine']['load_average_before']} before, "
        f"{results['machine']['load_average_after']} after ({os.cpu_count()} CPUs)."
    )
    log(f"Written: {out.relative_to(PROJECT_DIR)} ({results['minutes']} minutes)")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("\nInterrupted: every server the bench started has been stopped.")
