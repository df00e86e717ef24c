"""The About page says who runs the site and how to reach them (only what is set), how it is
paid for, that it carries no advertising, and how a reader has a comment removed."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from hfs_site.settings import parse_contact_email


@pytest.fixture
def about(client, db):
    def get():
        return client.get(reverse("articles:about")).text

    return get


@pytest.fixture
def owner_and_contact(settings):
    settings.SITE_OWNER = "The Hemifacial Spasm Association"
    settings.SITE_CONTACT_EMAIL = "hello@hfs.example"


def test_the_page_names_the_owner_and_the_contact_address_when_set(about, owner_and_contact):
    text = about()
    assert "The site\u2019s owner is The Hemifacial Spasm Association." in text
    assert (
        'You can write to the site at <a href="mailto:hello@hfs.example">hello@hfs.example</a>.'
        in text
    )


def test_the_page_names_no_one_and_no_address_when_none_is_set(about, settings):
    settings.SITE_OWNER = ""
    settings.SITE_CONTACT_EMAIL = ""
    text = about()
    assert "owner is" not in text
    assert "mailto:" not in text
    assert "If you have lost the link" not in text


def test_the_page_says_how_the_site_is_paid_for_and_that_it_carries_no_ads(about):
    assert (
        "The site is run by volunteers and paid for by its owner. It carries no advertising."
        in (about())
    )


def test_the_owner_says_how_the_site_is_paid_for_in_their_own_words(about, settings):
    settings.SITE_FUNDING = "Paid for by a grant from <the Example Foundation>."
    text = about()
    assert (
        "Paid for by a grant from &lt;the Example Foundation&gt;. It carries no advertising."
        in (text)
    )
    assert "run by volunteers" not in text


def test_the_page_tells_a_poster_how_to_have_their_comment_removed(about, owner_and_contact):
    text = about()
    assert '<h3 id="removing-a-comment">Having a comment removed</h3>' in text
    assert "There you can withdraw the comment, which erases it, or anonymise it" in text
    assert (
        'If you have lost the link, write to <a href="mailto:hello@hfs.example">hello@hfs.example'
        "</a> from the email address you posted with" in text
    )
    report = "use the “Report” link under it and choose “It shares someone\u2019s personal details”"
    assert report in text


def test_the_page_tells_readers_how_to_report_an_error_in_an_article(about):
    assert "Each article has a link, “Report an error in this article”" in about()


def test_a_contact_address_that_is_not_an_email_address_stops_the_site(settings):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_CONTACT_EMAIL"):
        parse_contact_email("hello at hfs.example")
    assert parse_contact_email(" hello@hfs.example ") == "hello@hfs.example"
    assert parse_contact_email("") == ""
