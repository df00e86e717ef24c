from django.conf import settings
from django.contrib import admin
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.utils.translation import gettext as _

# django.contrib.redirects registers its admin on admin.site (staff/sites.py's site); it is
# registered again here, to say how an old address is written and to choose this site.
admin.site.unregister(Redirect)


@admin.register(Redirect)
class OldAddressAdmin(RedirectAdmin):
    """The old addresses' redirects (portability/middleware.py), searched by either path."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "old_path":
            kwargs["help_text"] = _(
                "The old address without its domain, e.g. “/2010/05/hemifacial-spasm/”. An old "
                "WordPress post, page or feed address on the home page is written with its key "
                "alone, other parameters left out: “/?p=123”, “/?page_id=7”, “/?feed=rss2”."
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        return {"site": settings.SITE_ID, **super().get_changeform_initial_data(request)}
