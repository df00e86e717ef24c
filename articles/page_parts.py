"""The one seam where other apps add to an article's page.

`articles` knows nothing of the apps built on it (comments, structured data): each registers a
*part* from its AppConfig.ready(), and the article view adds every part's context to its own,
in the order the apps are installed. A part is `part(request, article, context) -> dict`; it
sees the context built so far (so a later part can use an earlier one's), and returns the
names it adds. A part that shows one reader's own data sets `PRIVATE` to True: that page is
then never kept and no shared cache may store it (articles/kept_pages.py).
"""

PRIVATE = "page_is_private"
_parts = []


def register(part):
    """Add `part` to every article page (usable as a decorator)."""
    if part not in _parts:
        _parts.append(part)
    return part


def page_context(request, article):
    """The article page's context: the article, then what each registered part adds."""
    context = {"article": article, PRIVATE: False}
    for part in _parts:
        context.update(part(request, article, context))
    return context
