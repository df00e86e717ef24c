"""The comment-POST load: clients that each fetch the article page for a fresh form (its
signed time; the page has no CSRF token or cookie), fill it in as a reader would (honeypot
left empty) and post it. Runs as its own process, never inside the server's.

    python -m bench.post_driver http://127.0.0.1:8101 /articles/bench-3/ --clients 16 --seconds 15

Prints one JSON object: accepted comment ids (read from the redirect), statuses, latencies.
Every loop is bounded by a count and a time; only loopback addresses are accepted.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
import uuid
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
USER_AGENT = "hfs-bench-post"


class FormFields(HTMLParser):
    """Every <input> and <textarea> name/value in the form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.action = form_id, False, None
        self.hidden, self.visible = {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            if self.inside:
                self.action = attrs.get("action") or ""
        elif self.inside and tag in ("input", "textarea") and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "hidden":
                self.hidden[attrs["name"]] = attrs.get("value") or ""
            else:
                self.visible[attrs["name"]] = kind if tag == "input" else tag

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def parse_form(html, form_id="comment-form"):
    """(action, hidden fields with their values, other fields with their types) of the form."""
    start = html.find(f'id="{form_id}"')
    if start < 0:
        return None, {}, {}
    start = html.rfind("<form", 0, start)
    end = html.find("</form>", start)
    parser = FormFields(form_id)
    parser.feed(html[start : end + len("</form>")])
    return parser.action, parser.hidden, parser.visible


class Client:
    """One reader: a keep-alive connection, and a fresh cookie jar for every comment."""

    def __init__(self, host, port, path, run_id, number):
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.path, self.run_id, self.number, self.posted = path, run_id, number, 0

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers or {})
                response = self.connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                # The server closed the kept-alive connection: reconnect, once.
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def post_one(self):
        """Fetch a fresh form and post it; returns a record of what happened."""
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        started = time.perf_counter()
        response, body = self.request("GET", self.path, headers=headers)
        got_form = time.perf_counter()
        cookies = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookies.load(value)
        action, hidden, visible = parse_form(body.decode("utf-8", "replace"))
        if response.status != 200 or action is None:
            return {"stage": "form", "status": response.status, "get_s": got_form - started}
        self.posted += 1
        tag = f"{self.run_id}-{self.number}-{self.posted}"
        data = {
            **hidden,
            # Every other text field empty to start with: the honeypot stays that way.
            **{name: "" for name, kind in visible.items() if kind in ("text", "email", "url")},
            "author_name": f"Bench Reader {self.number}",
            "author_email": f"bench-{tag}@example.com",
            "author_url": "",
            "body": f"My twitching started last year; botox helps. Bench comment {tag}.",
        }
        post_headers = {
            **headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items()),
        }
        body = urlencode(data)
        # Only the POST's round trip is its latency: reading the form is the GET's business.
        posting = time.perf_counter()
        response, _ = self.request("POST", action or self.path, body=body, headers=post_headers)
        done = time.perf_counter()
        location = response.headers.get("Location", "")
        comment_id = None
        if response.status in (302, 303) and "#comment-" in location:
            comment_id = int(location.rsplit("#comment-", 1)[1])
        return {
            "stage": "post",
            "status": response.status,
            "comment_id": comment_id,
            "get_s": got_form - started,
            "post_s": done - posting,
        }


def run(base_url, path, *, clients, seconds, max_posts):
    parts = urlsplit(base_url)
    if parts.hostname not in LOOPBACK:
        raise SystemExit("the POST driver only sends traffic to this machine (127.0.0.1)")
    run_id = uuid.uuid4().hex[:8]
    records, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_posts]

    def worker(number):
        client = Client(parts.hostname, parts.port or 80, path, run_id, number)
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            try:
                record = client.post_one()
            except (OSError, http.client.HTTPException) as error:
                record = {"stage": "error", "status": None, "error": type(error).__name__}
            with lock:
                records.append(record)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    elapsed = time.monotonic() - started
    return summarise(records, elapsed=elapsed, clients=clients, run_id=run_id)


def percentile(values, share):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def rounded(value):
    return None if value is None else round(value, 2)


def summarise(records, *, elapsed, clients, run_id):
    posts = [r for r in records if r["stage"] == "post"]
    accepted = [r["comment_id"] for r in posts if r["comment_id"] is not None]
    statuses = {}
    for record in records:
        key = f"{record['stage']}:{record['status'] or record.get('error')}"
        statuses[key] = statuses.get(key, 0) + 1
    post_times = [r["post_s"] * 1000 for r in posts]
    get_times = [r["get_s"] * 1000 for r in records if "get_s" in r]
    return {
        "run_id": run_id,
        "clients": clients,
        "elapsed_s": round(elapsed, 3),
        "attempts": len(records),
        "posts": len(posts),
        "accepted": len(accepted),
        "accepted_ids": accepted,
        "statuses": statuses,
        "server_errors": sum(1 for r in records if r["status"] is not None and r["status"] >= 500),
        "other_errors": sum(1 for r in records if r["status"] is None or 400 <= r["status"] < 500),
        "accepted_per_s": round(len(accepted) / elapsed, 2) if elapsed else 0,
        "post_ms": {
            "p50": rounded(statistics.median(post_times) if post_times else None),
            "p99": rounded(percentile(post_times, 0.99)),
        },
        "form_get_ms": {"p50": rounded(statistics.median(get_times) if get_times else None)},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("path")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--max-posts", type=int, default=5000)
    args = parser.parse_args(argv)
    result = run(
        args.base_url,
        args.path,
        clients=args.clients,
        seconds=min(args.seconds, 300),
        max_posts=args.max_posts,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
