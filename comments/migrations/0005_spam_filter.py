"""The spam filter's counts (SpamToken) and each comment's label (what it taught the filter).

Comments a moderator already approved or marked as spam are labelled and learned here, so a
site that upgrades keeps what its moderators decided. The starter set is not stored: the
filter reads it from comments/spam_data/starter.json.
"""

from collections import defaultdict

from django.db import migrations, models


def learn_past_decisions(apps, schema_editor):
    from comments import spamfilter

    Comment = apps.get_model("comments", "Comment")
    SpamToken = apps.get_model("comments", "SpamToken")
    decided = Comment.objects.filter(moderated_by__isnull=False, is_site_reply=False)
    labels = {"approved": "ham", "spam": "spam"}
    counts = defaultdict(lambda: [0, 0])
    for status, label in labels.items():
        comments = decided.filter(status=status)
        column = 1 if label == "spam" else 0
        for comment in comments.iterator():
            feats = spamfilter.features(
                name=comment.author_name, website=comment.author_url, text=comment.body
            )
            for feature in feats:
                counts[feature][column] += 1
            counts[spamfilter.DOCUMENTS][column] += 1
        comments.update(spam_label=label)
    SpamToken.objects.bulk_create(
        SpamToken(token=token, ham=ham, spam=spam) for token, (ham, spam) in counts.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0004_moderators_group"),
    ]

    operations = [
        migrations.CreateModel(
            name="SpamToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        help_text="A feature of comments.", max_length=100, unique=True
                    ),
                ),
                (
                    "ham",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Comments with this feature that moderators called genuine.",
                    ),
                ),
                (
                    "spam",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="Comments with this feature that moderators marked as spam.",
                    ),
                ),
            ],
            options={
                "ordering": ["token"],
            },
        ),
        migrations.AddField(
            model_name="comment",
            name="spam_label",
            field=models.CharField(
                blank=True,
                choices=[("", "Nothing"), ("ham", "Genuine (ham)"), ("spam", "Spam")],
                default="",
                help_text=(
                    "Set by moderators' decisions: genuine after Approve or Not spam, spam "
                    "after Mark as spam, nothing after Unapprove, Remove or Restore "
                    "(comments/spamfilter.py)."
                ),
                max_length=4,
                verbose_name="taught the spam filter",
            ),
        ),
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(("spam_label__in", ["", "ham", "spam"])),
                name="comment_spam_label_valid",
            ),
        ),
        migrations.RunPython(learn_past_decisions, migrations.RunPython.noop),
    ]
