"""The admin login lockout behind the reverse proxy: django-axes sees each client's own address
(hfs_site/client_ip.py, as the comment rate limit does), not the proxy's, and locks out one
username from one address only."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

PROXY = "127.0.0.1"
ATTACKER = "198.51.100.66"
MODERATOR_HOME = "203.0.113.10"


@pytest.fixture
def behind_proxy(settings):
    settings.COMMENTS_TRUSTED_PROXIES = [PROXY]


def login_through_proxy(client, *, forwarded_for, password):
    """A login post as nginx passes it on: from the proxy's socket, the client in the header."""
    return client.post(
        reverse("admin:login"),
        {"username": "mod", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_wrong_passwords_from_one_address_do_not_lock_the_moderator_out_elsewhere(
    db, moderator, behind_proxy
):
    attacker = Client()
    for _ in range(5):
        login_through_proxy(attacker, forwarded_for=ATTACKER, password="wrong")
    moderator_client = Client()
    response = login_through_proxy(
        moderator_client, forwarded_for=MODERATOR_HOME, password="a-long-password"
    )
    assert response.status_code == 302
    assert moderator_client.session["_auth_user_id"] == str(moderator.pk)


def test_wrong_passwords_from_one_address_lock_that_address_out(db, moderator, behind_proxy):
    attacker = Client()
    for _ in range(5):
        login_through_proxy(attacker, forwarded_for=ATTACKER, password="wrong")
    response = login_through_proxy(attacker, forwarded_for=ATTACKER, password="a-long-password")
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    assert "_auth_user_id" not in attacker.session


def test_the_lockout_records_the_forwarded_client_address(db, moderator, behind_proxy):
    login_through_proxy(Client(), forwarded_for=f"{ATTACKER}, {PROXY}", password="wrong")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
