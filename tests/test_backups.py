"""`manage.py backup` and `manage.py restore` bring back every comment."""

import pytest
from django.core.management import call_command

from comments.models import Comment


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_comment(tmp_path, make_article, make_comment):
    article = make_article()
    for index in range(25):
        make_comment(article, body=f"Story number {index}")
    before = sorted(Comment.objects.values_list("pk", "body", "status"))
    backup = tmp_path / "site.backup"

    call_command("backup", str(backup))
    Comment.objects.all().delete()
    make_comment(article, body="Written after the backup")
    call_command("restore", str(backup), "--yes")

    assert sorted(Comment.objects.values_list("pk", "body", "status")) == before
