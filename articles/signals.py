"""Kept article pages go out of date when an article or one of its videos changes."""

from .pagecache import article_changed, enabled


def remember_old_slug(sender, instance, **kwargs):
    """A new slug leaves the page kept under the old address to be retired too."""
    if enabled() and instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        instance._slug_before_save = old


def article_saved(sender, instance, **kwargs):
    article_changed(*{instance.slug, getattr(instance, "_slug_before_save", None)} - {None})


def video_saved(sender, instance, **kwargs):
    article_changed(instance.article.slug)
