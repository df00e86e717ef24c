"""The crisis help text in the admin: editors write the site's own (one row at most); until
then readers are shown the default (comments/triage.py), which the form starts from."""

from django.contrib import admin
from django.utils.translation import gettext

from .models import CrisisHelp
from .triage import DEFAULT_CRISIS_HELP


@admin.register(CrisisHelp)
class CrisisHelpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CrisisHelp.objects.exists()

    def get_changeform_initial_data(self, request):
        initial = {"text": gettext(DEFAULT_CRISIS_HELP)}
        return {**initial, **super().get_changeform_initial_data(request)}
