"""Two-factor sign-in for staff (staff/): an authenticator app's codes and recovery codes,
asked of staff who set them up, and of every staff account with ADMIN_REQUIRE_2FA."""

import io
from binascii import unhexlify

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from staff.services import two_factor_enrol
from staff.views import PENDING_KEY
from tests.test_security import admin_paths

LOGIN = "/admin/login/"
SECURITY = "/admin/security/"
CHANGELIST = "/admin/comments/comment/"
PASSWORD = "a-long-password"


def code(key):
    """The code an authenticator app shows now for a hex key."""
    return f"{totp(unhexlify(key)):06d}"


def sign_in(client, **fields):
    return client.post(
        LOGIN, {"username": "mod", "password": PASSWORD, "next": "/admin/", **fields}
    )


@pytest.fixture
def enrolled(moderator):
    """The moderator's authenticator app and recovery codes, set up."""
    return two_factor_enrol(user=moderator, key=default_key(), last_t=-1)


@pytest.fixture
def require_2fa(settings):
    settings.ADMIN_REQUIRE_2FA = True


def test_without_the_setting_a_password_signs_in(client, moderator):
    assert sign_in(client)["Location"] == "/admin/"
    assert client.get(CHANGELIST).status_code == 200


def test_without_the_setting_the_admin_offers_to_set_up_a_second_factor(moderator_client):
    assert f'href="{SECURITY}"' in moderator_client.get("/admin/").text


def test_setting_up_gives_an_authenticator_and_ten_recovery_codes(moderator_client, moderator):
    page = moderator_client.get(SECURITY)
    key = moderator_client.session[PENDING_KEY]
    assert "otpauth://totp/" in page.text
    assert not TOTPDevice.objects.exists()

    response = moderator_client.post(SECURITY, {"code": code(key)})

    device = TOTPDevice.objects.get(user=moderator, confirmed=True)
    assert device.key == key
    tokens = StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True)
    assert len(tokens) == 10
    assert all(token in response.text for token in tokens)
    assert moderator_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_first_code_sets_nothing_up(moderator_client):
    moderator_client.get(SECURITY)
    response = moderator_client.post(SECURITY, {"code": "000000x"})
    assert "That code is not right" in response.text
    assert not TOTPDevice.objects.exists()


def test_the_code_that_set_up_the_app_cannot_sign_in_again(moderator_client, moderator):
    moderator_client.get(SECURITY)
    first = code(moderator_client.session[PENDING_KEY])
    moderator_client.post(SECURITY, {"code": first})
    response = sign_in(Client(), otp_token=first)
    assert response.status_code == 200
    assert "That code is not right" in response.text


def test_once_set_up_the_password_alone_no_longer_signs_in(client, enrolled):
    response = sign_in(client)
    assert "Enter the code from your authenticator app" in response.text
    assert "_auth_user_id" not in client.session


def test_replacing_the_app_needs_a_session_that_passed_the_second_factor(
    moderator_client, enrolled
):
    response = moderator_client.get(SECURITY)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# With ADMIN_REQUIRE_2FA=1.


def test_a_session_that_skipped_the_second_factor_is_refused_everywhere(
    require_2fa, moderator_client, enrolled
):
    exempt = {reverse("admin:login"), reverse("admin:logout"), SECURITY}
    paths = [path for path in admin_paths() if path not in exempt]
    for path in paths:
        response = moderator_client.get(path)
        assert response.status_code in (302, 404), path
        if response.status_code == 302:
            assert response["Location"].startswith(LOGIN), path
    assert len(paths) > 20


def test_password_alone_cannot_reach_the_admin(require_2fa, client, enrolled):
    response = sign_in(client)
    assert response.status_code == 200
    assert client.get(CHANGELIST)["Location"].startswith(LOGIN)


def test_password_and_the_apps_code_sign_in(require_2fa, client, enrolled):
    device, _ = enrolled
    assert sign_in(client, otp_token=code(device.key))["Location"] == "/admin/"
    assert client.get(CHANGELIST).status_code == 200


def test_a_wrong_code_is_refused(require_2fa, client, enrolled):
    device, _ = enrolled
    wrong = f"{(int(code(device.key)) + 1) % 1000000:06d}"
    response = sign_in(client, otp_token=wrong)
    assert "That code is not right" in response.text
    assert client.get(CHANGELIST)["Location"].startswith(LOGIN)


def test_a_recovery_code_signs_in_once(require_2fa, enrolled):
    _, codes = enrolled
    first = Client()
    assert sign_in(first, otp_token=codes[0].upper())["Location"] == "/admin/"
    assert first.get(CHANGELIST).status_code == 200

    again = Client()
    assert "That code is not right" in sign_in(again, otp_token=codes[0]).text
    assert again.get(CHANGELIST)["Location"].startswith(LOGIN)
    assert StaticToken.objects.count() == 9


def test_an_account_without_a_second_factor_is_sent_to_set_one_up(require_2fa, client, moderator):
    sign_in(client)
    assert client.get(CHANGELIST)["Location"].startswith(LOGIN)
    assert client.get(LOGIN)["Location"] == SECURITY
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert "Comments" not in page.text  # no list of the admin's pages yet

    client.post(SECURITY, {"code": code(client.session[PENDING_KEY])})
    assert client.get(CHANGELIST).status_code == 200


def test_a_session_short_of_the_second_factor_can_sign_out(require_2fa, client, moderator):
    sign_in(client)
    client.post(reverse("admin:logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_still_lock_the_account_out(require_2fa, client, enrolled):
    device, _ = enrolled
    for _ in range(5):
        client.post(LOGIN, {"username": "mod", "password": "wrong"})
    response = sign_in(client, otp_token=code(device.key))
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_ensure_moderator_says_how_to_turn_on_the_second_factor(db):
    out = io.StringIO()
    call_command("ensure_moderator", stdout=out)
    assert "ADMIN_REQUIRE_2FA=1" in out.getvalue()
    assert "/admin/security/" in out.getvalue()
