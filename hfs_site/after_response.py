"""Work a request leaves until its response has gone: the emails a post or a moderator's
decision sends. The reader's page never waits for the mail server; the worker sends them
right after, when the server closes the response (Django's request_finished). Outside a
request (a management command, a shell) the work runs as soon as its transaction commits.
"""

import logging
import threading

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_requests = threading.local()


def after_commit_and_response(work):
    """Run `work()` once the current transaction commits (never if it rolls back) and the
    response of the current request, if any, has been sent. Whatever fails in it is logged:
    it never undoes the write or reaches the reader."""
    transaction.on_commit(lambda: _after_response(work), robust=True)


def _after_response(work):
    waiting = getattr(_requests, "waiting", None)
    if waiting is None:
        _run(work)
    else:
        waiting.append(work)


@receiver(request_started, dispatch_uid="after_response.start")
def _start(sender, **kwargs):
    _requests.waiting = []


@receiver(request_finished, dispatch_uid="after_response.finish")
def _finish(sender, **kwargs):
    waiting, _requests.waiting = getattr(_requests, "waiting", None) or [], None
    for work in waiting:
        _run(work)


def _run(work):
    try:
        work()
    except Exception:
        logger.exception("Work left for after the response failed")
