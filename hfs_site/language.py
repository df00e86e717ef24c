"""The language switcher at the foot of every page: a form whose buttons name each language
the site offers in that language, posted here.

Django's own view sets the language cookie (LANGUAGE_COOKIE_*: a year, like the site's other
cookies) and sends the reader back to the page they were on (`next`, checked to be this
site's). The pages the switcher sits on are the same for everyone and carry no CSRF token, so
a post from another site is refused by its Sec-Fetch-Site / Origin headers instead, as the
comment form's is (hfs_site/origin.py). Every public page says `Vary: Accept-Language, Cookie`
(articles/kept_pages.py), so the browser asks for the page again in its new language rather
than show the copy it kept.
"""

from django.conf import settings
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.http import require_POST

from .origin import same_origin_posts_only


@require_POST
@same_origin_posts_only
def set_language(request):
    """Set the reader's language and send them back; a language the site does not offer gets
    the 400 page (Django's view takes any language Django has words for)."""
    if request.POST.get("language") not in dict(settings.LANGUAGES):
        return render(request, "400.html", status=400)
    return i18n.set_language(request)
