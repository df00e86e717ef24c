from django.apps import AppConfig
from django.db.models.signals import post_save


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self):
        from articles import pagecache

        from . import forms, signals

        # Every article page, kept or not, gets a form timestamp of its own moment.
        pagecache.register_slot(forms.TIMESTAMP_SLOT_NAME, lambda request: forms.form_timestamp())
        Comment = self.get_model("Comment")
        post_save.connect(signals.comment_saved, sender=Comment)
