"""The admin site (`admin.site`), with a second factor for staff (django-otp), users and sign-in
records for superusers alone, and a warning while no moderator can be emailed."""

from django.conf import settings
from django.contrib import admin
from django.db.models.base import ModelBase
from django.shortcuts import redirect
from django.urls import path
from django_otp import user_has_device

from comments import emails

from . import preferences, views
from .forms import StaffLoginForm

# Users, groups and django-axes' records of sign-in attempts are for superusers alone, whatever
# permissions a staff account holds: moderators and editors never see them.
SUPERUSER_APPS = {"auth", "axes"}


class SuperusersOnly:
    """Mixed into the ModelAdmin of each model of SUPERUSER_APPS (StaffAdminSite.register)."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class StaffAdminSite(admin.AdminSite):
    """Django's admin site, asking for a code at sign-in from staff who set up a second factor.

    With ADMIN_REQUIRE_2FA, every admin page also refuses a session that did not pass one: it
    is sent to the sign-in page, or, for an account with no second factor yet, to set one up.
    """

    login_form = StaffLoginForm
    login_template = "staff/login.html"

    def has_permission(self, request):
        return super().has_permission(request) and (
            not settings.ADMIN_REQUIRE_2FA or request.user.is_verified()
        )

    def login(self, request, extra_context=None):
        user = request.user
        if (
            request.method == "GET"
            and settings.ADMIN_REQUIRE_2FA
            and user.is_active
            and user.is_staff
            and not user_has_device(user)
        ):
            return redirect("admin:two_factor")
        return super().login(request, extra_context)

    def register(self, model_or_iterable, admin_class=None, **options):
        """Django's register; the models of SUPERUSER_APPS get their ModelAdmin with
        SuperusersOnly mixed in, whichever app registers them."""
        if isinstance(model_or_iterable, ModelBase):
            model_or_iterable = [model_or_iterable]
        for model in model_or_iterable:
            model_admin = admin_class or admin.ModelAdmin
            if model._meta.app_label in SUPERUSER_APPS:
                model_admin = type(
                    model_admin.__name__,
                    (SuperusersOnly, model_admin),
                    {"__module__": model_admin.__module__},
                )
            super().register(model, model_admin, **options)

    def each_context(self, request):
        context = super().each_context(request)
        if not self.has_permission(request):
            # A session short of its second factor is shown no list of the admin's pages.
            context.update(available_apps=[], is_nav_sidebar_enabled=False)
        elif request.user.has_perm("comments.change_comment"):
            # Whoever can fix it is warned on every page while no one hears of waiting comments.
            context["moderators_unreachable"] = emails.moderators_unreachable()
        return context

    def get_urls(self):
        return [
            path("security/", views.two_factor, name="two_factor"),
            # Signing out needs no second factor (the admin's own logout sends a session that
            # lacks one back to the sign-in page). Django's LogoutView: POST only, CSRF-checked,
            # never cached.
            path("logout/", self.logout, name="logout"),
            path(
                "notifications/", self.admin_view(preferences.notifications), name="notifications"
            ),
            *super().get_urls(),
        ]
