"""The languages a comment may be written in, for the comment form's "Written in" select: the
site's own languages (LANGUAGES) first, then COMMENTS_LANGUAGES, each named in its own
language (Django's names), and "Another language" for the rest.

The poster's choice is stored on the comment and written as `lang` on its element, so that a
screen reader reads a Spanish story in Spanish on an English page; the emails to the poster go
out in it when the site speaks it (comments/emails.py).
"""

import unicodedata

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def choices():
    """(code, name) of each language a poster may choose, then ("", "Another language")."""
    offered = list(dict(settings.LANGUAGES))
    others = [code for code in settings.COMMENTS_LANGUAGES if code not in offered]
    others.sort(key=lambda code: _sort_key(_name(code)))
    return [(code, _name(code)) for code in offered + others] + [("", _("Another language"))]


def _name(code):
    return capfirst(get_language_info(code)["name_local"])


def _sort_key(name):
    """Alphabetical, accents aside ("Čeština" among the C's); other scripts after Latin."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


class LanguageSelect(forms.Select):
    """A select whose options each say which language their name is in (`lang`), so that a
    screen reader reads "Deutsch" in German."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option
