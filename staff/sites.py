"""The admin site (`admin.site`), with a second factor for staff (django-otp)."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path
from django_otp import user_has_device

from . import views
from .forms import StaffLoginForm


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

    def each_context(self, request):
        context = super().each_context(request)
        if not self.has_permission(request):
            # A session short of its second factor is shown no list of the admin's pages.
            context.update(available_apps=[], is_nav_sidebar_enabled=False)
        return context

    def get_urls(self):
        return [
            path("security/", views.two_factor, name="two_factor"),
            # Signing out needs no second factor (the admin's own logout sends a session that
            # lacks one back to the sign-in page). Django's LogoutView: POST only, CSRF-checked,
            # never cached.
            path("logout/", self.logout, name="logout"),
            *super().get_urls(),
        ]
