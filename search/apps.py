from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .index import restore_triggers


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"

    def ready(self):
        # Sent once per app with models; after the first, restore_triggers finds them in place.
        post_migrate.connect(restore_triggers, dispatch_uid="search.restore_triggers")
