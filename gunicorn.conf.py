"""gunicorn settings for the site; environment variables override each default.

`gunicorn --config gunicorn.conf.py` is all a server needs (the app is named below); the
command-line options given after it (as the tests' `--bind 127.0.0.1:<port>`) win over these.
docs/deploy.md shows it under systemd.
"""

import multiprocessing
import os

wsgi_app = "hfs_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each handles one request at a time, which suits short, database-bound pages.
# They do not keep connections alive and expect a buffering proxy in front (nginx, or the load
# balancer), so a slow client never holds a worker: see docs/deploy.md.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Recycle workers now and then so no slow leak can grow without bound. Only insurance: a
# worker's memory stays flat (make bench: 51-57 MB after 20,000 requests), and each restart
# costs 0.4 s of a core loading Django again, so not too often.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 50000))
max_requests_jitter = 5000
# Workers' heartbeat files in memory: on a disk-backed /tmp a slow disk can get healthy
# workers killed as "timed out".
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Only these addresses may tell gunicorn (X-Forwarded-Proto, -For) that a request came over
# HTTPS: the load balancer's or reverse proxy's addresses, comma-separated.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27 would otherwise open a control socket under ~/.gunicorn; the site never uses it.
control_socket_disable = True
