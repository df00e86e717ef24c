"""The three reader comments left under "Hemifacial Spasm" in 2010, with their original dates.

They are shown as written, typos included. The source kept no email or IP for them.
"""

from datetime import datetime, timezone

from django.db import migrations

SEED_COMMENTS = [
    (
        "Tracy Perkins",
        datetime(2010, 5, 20, 9, 45, tzinfo=timezone.utc),
        "Well, under usual circumstances, the annoying eye twitch would normally be caused by "
        "the not so serious factors as follows : -\n\n# Stress\n# Tiredness\n# Eyestrain\n"
        "# Caffeine\n# Alcohol\n# Dry eyes\n# Nutritional imbalances\n# Allergies\n\n"
        "Next, under such situations, such annoying symptoms would usually come and go within "
        "a very short period of time and certainly the conditions would get better and better "
        "from time to time especially when certain related treatments are sought and "
        "administered to deal with the symptom.\n\n"
        "However, under rare circumstances when the eye twitch symptom just get progressively "
        "and chronically and seriously unmitigated from bad to worse as well as seem to last "
        "permanently even when all sorts of related treatments are adminstered upon such "
        "illness to deal with it, such non-stop eye twitching symptom may then simply just "
        "manifest as one of the serious neuromuscular / neurological symptoms of\n\n"
        "# Tardive Dysinesia (rapid involuntary uncontrollable eye blinking / eye twitching), "
        "which in most cases are caused by the neuromuscular / neurological side effects of "
        "certain\nmedications and other neurological complications. Whilst the underlying "
        "mechanism of such a disease is such that the normal functionings of the "
        "neurotransmitters chemical dopamine which co-ordinates the miscellaneous human body "
        "movements in this case are disturbed,antagonized and disrupted in this case resulting "
        "in one’s loss of control of human body movements, and in this case, one’s eye / "
        "eyelids organ.",
    ),
    (
        "Shirley",
        datetime(2010, 7, 5, 3, 49, tzinfo=timezone.utc),
        "I have lived with hemifacial spasm for over thirteen years. First it started as a "
        "twich in my left eye. I receice botox every three months which at times works well. "
        "most times it leaves me with a droopy face. It is getting worse, and my face is "
        "pulling to the left all the time. I hate the way i look and am so tire of living with "
        "this. Is there any help for me.",
    ),
    (
        "dave",
        datetime(2010, 10, 18, 11, 12, tzinfo=timezone.utc),
        "My wife had Hemifacial spasm for five years. We went to\nUPMC in Pittburgh for the "
        "required surgery last year. The surgeon found and “demcompressed” the nerve from a "
        "couple of\nblood vessels. She still had the spasms. We went back last\nmonth and they "
        "re “explored” the area. This time they found\nanother vessel hidden between the 7th "
        "and 8th cranial nerves.\nThey “decompressed” that, and she is totally spasm free and"
        "\nreally happy. Her hearing is just fine also. Great Job !!\nThe bottom line : I think "
        "your problem can be fixed, but from\nwhat we understand, the sooner the better. Botox "
        "isn’t the cure.",
    ),
]


def add_comments(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Comment = apps.get_model("comments", "Comment")
    article = Article.objects.filter(slug="hemifacial-spasm").first()
    if article is None or article.comments.exists():
        return
    Comment.objects.bulk_create(
        Comment(
            article=article,
            author_name=name,
            created_at=created_at,
            body=body,
            status="approved",
            status_reason="Published on the original site in 2010.",
        )
        for name, created_at, body in SEED_COMMENTS
    )


def remove_comments(apps, schema_editor):
    Comment = apps.get_model("comments", "Comment")
    Comment.objects.filter(
        article__slug="hemifacial-spasm", author_name__in=[name for name, _, _ in SEED_COMMENTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0002_seed_article"),
    ]

    operations = [migrations.RunPython(add_comments, remove_comments)]
