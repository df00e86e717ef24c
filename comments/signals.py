"""Kept article pages go out of date when a comment readers see is saved.

Status changes, erasures and deletions write in bulk, which sends no signal (or one per row):
the services and the admin that make them say so themselves (services.py, admin.py).
"""

from articles.pagecache import article_changed


def comment_saved(sender, instance, **kwargs):
    # A waiting comment is seen by its poster only, who never gets a kept page.
    if instance.status == instance.Status.APPROVED:
        article_changed(instance.article.slug)
