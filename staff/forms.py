"""The admin's sign-in form with its second factor, and the form that sets one up."""

import time
from base64 import b32encode
from binascii import unhexlify

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


def normalise_code(value):
    """A code as typed, without spaces or dashes, in lower case (recovery codes are)."""
    return "".join(value.split()).replace("-", "").lower()


def device_for_code(user, code):
    """The device of `user` that a code is for: six digits are the authenticator app's, anything
    else is a recovery code. Trying one device only keeps a wrong code from throttling the other.
    """
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    return model.objects.devices_for_user(user).first()


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's sign-in: a password, then a code for an account with a second factor.

    An account without one signs in with its password alone; whether that session reaches the
    admin is the site's decision (StaffAdminSite.has_permission). A wrong password counts
    towards django-axes' lockout as before; a wrong code slows that device's next check down
    (django-otp's throttling).
    """

    otp_token = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=40,
        help_text=_(
            "From your authenticator app, or one of your recovery codes. "
            "Leave it empty if you have not set up two-factor sign-in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user):
            return cleaned_data
        code = normalise_code(cleaned_data.get("otp_token", ""))
        if not code:
            raise forms.ValidationError(
                _("Enter the code from your authenticator app, or a recovery code."),
                code="code_required",
            )
        device = device_for_code(user, code)
        # django-otp keeps the device that passed in the session when the user is logged in.
        user.otp_device = device and verify_token(user, device.persistent_id, code)
        if user.otp_device is None:
            raise forms.ValidationError(
                _(
                    "That code is not right. After a wrong code, wait a few seconds before the "
                    "next."
                ),
                code="wrong_code",
            )
        return cleaned_data


class TwoFactorEnrolForm(forms.Form):
    """The first code from a newly set up authenticator app, proving it holds the key."""

    code = forms.CharField(
        label=_("Code the app shows"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.totp = TOTP(unhexlify(key))
        # Not saved: it only spells the hex key out for an authenticator app.
        self.device = TOTPDevice(user=user, key=key)

    @property
    def secret(self):
        """The key in base32, as authenticator apps take it typed, in groups of four."""
        secret = b32encode(self.device.bin_key).decode()
        return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))

    @property
    def config_url(self):
        """The otpauth:// address that authenticator apps open (django-otp's)."""
        return self.device.config_url

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        self.totp.time = time.time()  # one clock for the check and for time_step
        # One time step either side, as django-otp's TOTPDevice accepts (its `tolerance`).
        if not (code.isdigit() and self.totp.verify(int(code), tolerance=1)):
            raise forms.ValidationError(
                _("That code is not right: enter the one the app shows now.")
            )
        return code

    @property
    def time_step(self):
        """The time step of the code that passed: it may not sign in again."""
        return self.totp.t()
