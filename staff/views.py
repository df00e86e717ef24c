"""The page where a signed-in staff user sets up two-factor sign-in."""

import django_otp
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import default_key

from .forms import TwoFactorEnrolForm
from .services import two_factor_enrol

# The key being set up lives in the session until a code confirms it: nothing is stored before.
PENDING_KEY = "staff_two_factor_key"


@never_cache
@staff_member_required
def two_factor(request):
    """Set up (or replace) the user's authenticator app; the recovery codes are shown once.

    A password sign-in is enough while the account has no second factor (its first set-up);
    replacing one takes a session that passed it.
    """
    user, enrolled = request.user, user_has_device(request.user)
    if enrolled and not user.is_verified():
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    key = request.session.setdefault(PENDING_KEY, default_key())
    form = TwoFactorEnrolForm(request.POST or None, user=user, key=key)
    context = {**admin.site.each_context(request), "title": _("Two-factor sign-in"), "form": form}
    if not form.is_valid():
        context.update(enrolled=enrolled, require_2fa=settings.ADMIN_REQUIRE_2FA)
        return render(request, "staff/two_factor.html", context)
    device, codes = two_factor_enrol(user=user, key=key, last_t=form.time_step)
    del request.session[PENDING_KEY]
    django_otp.login(request, device)
    return render(request, "staff/recovery_codes.html", {**context, "codes": codes})
