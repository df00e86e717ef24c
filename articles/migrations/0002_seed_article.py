"""The site's first article, "Hemifacial Spasm", as first published in 2010.

The source gives no publication date; the first reader comment is dated May 20, 2010, so the
article is dated the day before. Its two videos keep their places as video blocks whose
addresses are unknown: an editor sets them in the admin, and until then readers see nothing.
"""

from datetime import datetime, timezone

from django.db import migrations

SLUG = "hemifacial-spasm"

BODY = """\
Do you think you have hemifacial spasm? The video below shows a more serious case of \
hemifacial spasm. It’s characterized by muscle spasms on one side of the face usually \
starting around the eye and progressively getting worse.

[video: severe-case]

Below is a video discussing what exactly hemifacial spasm is and the various treatment \
options available. To summarize, hemifacial spasm involves a muscle spasm around the eye \
(exact location not specified) that has a characteristic rhythmic twitching that usually \
starts off minor and can progressively get worse and eventually involve more of the face.

[video: treatment-options]

I believe the most common treatment is botulinum (botox) injections to relax the muscles in \
the face and this reportedly works very well. Of course, this can still be a drastic solution \
if your twitching is minor and hasn’t progressed to a point that it interferes with your \
daily life.
"""

SUMMARY = (
    "Muscle spasms on one side of the face, usually starting around the eye: what hemifacial "
    "spasm is and how it is treated."
)

VIDEOS = [
    ("severe-case", "A more serious case of hemifacial spasm"),
    ("treatment-options", "What hemifacial spasm is, and the treatment options"),
]


def add_article(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Video = apps.get_model("articles", "Video")
    article, created = Article.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Hemifacial Spasm",
            "summary": SUMMARY,
            "body": BODY,
            "status": "published",
            "published_at": datetime(2010, 5, 19, 9, 0, tzinfo=timezone.utc),
            "comments_enabled": True,
        },
    )
    if created:
        Video.objects.bulk_create(
            Video(article=article, key=key, caption=caption) for key, caption in VIDEOS
        )


def remove_article(apps, schema_editor):
    apps.get_model("articles", "Article").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(add_article, remove_article)]
