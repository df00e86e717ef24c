from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0007_article_comment_counts"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="comment",
            constraint=models.CheckConstraint(
                condition=models.Q(("parent", models.F("pk")), _negated=True),
                name="comment_not_its_own_parent",
                violation_error_message="A comment cannot answer itself.",
            ),
        ),
    ]
