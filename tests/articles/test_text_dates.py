"""An article's date of change is when its words changed: what search engines and feed readers
are told (dateModified, the sitemap's lastmod, the feed's updated date)."""

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Video

SEED_PUBLISHED = datetime(2010, 5, 19, 9, 0, tzinfo=UTC)


def test_seed_article_has_changed_since_2010_only_if_edited(seed_article):
    assert seed_article.updated_at == SEED_PUBLISHED


def test_sitemap_gives_seed_article_its_own_date(client, seed_article):
    response = client.get(reverse("seo:sitemap"))

    assert "<lastmod>2010-05-19</lastmod>" in response.text


def test_json_ld_gives_seed_article_its_own_date(client, seed_article):
    response = client.get(seed_article.get_absolute_url())

    data = json.loads(re.search(r'ld\+json">(.*?)</script>', response.text, re.S).group(1))
    assert datetime.fromisoformat(data["dateModified"]) == SEED_PUBLISHED


@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_editing_the_text_dates_the_change(seed_article, field):
    setattr(seed_article, field, getattr(seed_article, field) + " Updated.")
    seed_article.save()

    seed_article.refresh_from_db()
    assert seed_article.updated_at > SEED_PUBLISHED


def test_saving_without_changing_the_text_keeps_the_date(seed_article):
    seed_article.comments_enabled = False
    seed_article.save()

    seed_article.refresh_from_db()
    assert seed_article.updated_at == SEED_PUBLISHED


def test_comments_and_videos_do_not_date_a_change(seed_article, make_comment):
    make_comment(seed_article, status="approved")
    Video.objects.create(article=seed_article, key="new", caption="A new video")

    seed_article.refresh_from_db()
    assert seed_article.updated_at == SEED_PUBLISHED
