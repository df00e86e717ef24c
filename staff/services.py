"""Writes of two-factor sign-in: a staff user's authenticator and recovery codes."""

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10


def two_factor_enrol(*, user, key, last_t):
    """Give `user` the authenticator with the hex `key` and new recovery codes, replacing any.

    `last_t` is the time step of the code that confirmed it, so that code cannot sign in again.
    Returns the device and the recovery codes, which are shown once and kept only as the
    tokens django-otp checks.
    """
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", key=key, last_t=last_t, confirmed=True
        )
        recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return device, codes
