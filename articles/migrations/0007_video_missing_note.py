"""A video without an address may show an editor's note in its place. The seed article's two
videos lost their addresses with the 2010 blog: until an editor sets one, readers are told so,
rather than read a text that promises a video that never appears."""

from django.db import migrations, models

SEED_SLUG = "hemifacial-spasm"
SEED_NOTE = "The video that was here in 2010 is no longer available."


def note_seed_videos(apps, schema_editor):
    Video = apps.get_model("articles", "Video")
    Video.objects.filter(article__slug=SEED_SLUG, url="", missing_note="").update(
        missing_note=SEED_NOTE
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_text_last_changed"),
    ]

    operations = [
        migrations.AddField(
            model_name="video",
            name="missing_note",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Shown in the video's place while it has no address, e.g. “The video that "
                    "was here in 2010 is no longer available.” Empty: nothing is shown."
                ),
                max_length=200,
                verbose_name="note while there is no address",
            ),
        ),
        migrations.RunPython(note_seed_videos, migrations.RunPython.noop),
    ]
