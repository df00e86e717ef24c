from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_save


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from . import signals

        Article = self.get_model("Article")
        Video = self.get_model("Video")
        pre_save.connect(signals.remember_old_slug, sender=Article)
        post_save.connect(signals.article_saved, sender=Article)
        post_delete.connect(signals.article_saved, sender=Article)
        post_save.connect(signals.video_saved, sender=Video)
        post_delete.connect(signals.video_saved, sender=Video)
