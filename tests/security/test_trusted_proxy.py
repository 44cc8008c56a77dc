"""One client address for throttles, the admin lockout and the audit log (lactmed.clientip).

Without LACTRX_TRUSTED_PROXIES a client's own X-Forwarded-For is ignored: a new header per
request neither escapes the API/CDS throttles nor the admin lockout. Behind one trusted proxy
(every request comes from the proxy's address) two clients are told apart by the address the
proxy appended, and what a client wrote into the header itself is still ignored.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from lactmed.clientip import client_ip, parse_trusted_proxies
from tests.reliability.conftest import ADVICE_BODY, cds_body

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"
PASSWORD = "correct-horse-battery-staple-42"
ADVICE = "/api/v1/advice"
CDS = "/cds-services/lactation-medication-check"
behind_one_proxy = override_settings(LACTRX_TRUSTED_PROXIES="1")


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def rates(monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"}
    )


# --- Parsing ---------------------------------------------------------------------------------
def test_without_the_setting_x_forwarded_for_is_ignored(settings):
    settings.LACTRX_TRUSTED_PROXIES = ""
    assert client_ip(_request(CLIENT_A, "1.2.3.4")) == CLIENT_A
    settings.LACTRX_TRUSTED_PROXIES = "0"
    assert client_ip(_request(CLIENT_A, "1.2.3.4, 5.6.7.8")) == CLIENT_A


def test_a_proxy_count_reads_the_address_the_proxies_appended(settings):
    settings.LACTRX_TRUSTED_PROXIES = "1"
    assert client_ip(_request(PROXY, CLIENT_A)) == CLIENT_A
    assert client_ip(_request(PROXY, f"6.6.6.6, {CLIENT_A}")) == CLIENT_A  # spoof on the left
    assert client_ip(_request(PROXY)) == PROXY  # no header: the peer itself
    assert client_ip(_request(PROXY, "not-an-ip")) == PROXY  # garbage never becomes an identity
    settings.LACTRX_TRUSTED_PROXIES = "2"
    assert client_ip(_request(PROXY, f"6.6.6.6, {CLIENT_A}, 10.0.0.1")) == CLIENT_A
    assert client_ip(_request(PROXY, CLIENT_A)) == PROXY  # fewer hops than proxies


def test_trusted_addresses_believe_only_their_own_proxies(settings):
    settings.LACTRX_TRUSTED_PROXIES = "10.0.0.0/24, 192.0.2.7"
    assert client_ip(_request(PROXY, f"6.6.6.6, {CLIENT_A}")) == CLIENT_A
    assert client_ip(_request("192.0.2.7", f"{CLIENT_B}, 10.0.0.9")) == CLIENT_B  # two proxies
    # A client reaching the app directly cannot pose as anyone with the header.
    assert client_ip(_request(CLIENT_A, CLIENT_B)) == CLIENT_A


def test_a_bad_setting_is_refused():
    with pytest.raises(ImproperlyConfigured, match="LACTRX_TRUSTED_PROXIES"):
        parse_trusted_proxies("proxy.example.org")


# --- Throttles -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "body"), [(ADVICE, ADVICE_BODY), (CDS, cds_body())], ids=["api", "cds"]
)
def test_a_new_x_forwarded_for_per_request_does_not_escape_the_throttle(seeded, rates, path, body):
    client = APIClient()
    codes = [
        client.post(
            path, body, format="json", REMOTE_ADDR=CLIENT_A, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}"
        ).status_code
        for n in range(6)
    ]
    assert codes == [200, 200, 200, 429, 429, 429]


@behind_one_proxy
@pytest.mark.parametrize(
    ("path", "body"), [(ADVICE, ADVICE_BODY), (CDS, cds_body())], ids=["api", "cds"]
)
def test_behind_one_proxy_two_clients_are_told_apart(seeded, rates, path, body):
    client = APIClient()

    def call(forwarded: str) -> int:
        return client.post(
            path, body, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # Client A spoofs a new left-hand address each time: still one client, still limited.
    assert [call(f"10.9.8.{n}, {CLIENT_A}") for n in range(4)] == [200, 200, 200, 429]
    # Client B, through the same proxy, has its own budget.
    assert [call(CLIENT_B) for _ in range(3)] == [200, 200, 200]
    assert call(CLIENT_B) == 429


# --- Admin lockout and audit -----------------------------------------------------------------
def _login(client, username, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        "/admin/login/", {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def test_a_new_x_forwarded_for_per_attempt_does_not_escape_the_lockout(reviewer, settings):
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client,
            reviewer.username,
            f"wrong-{attempt}",
            remote=CLIENT_A,
            forwarded=f"10.7.{attempt}.1",
        )
    response = _login(
        Client(), reviewer.username, PASSWORD, remote=CLIENT_A, forwarded="10.99.99.99"
    )
    assert response.status_code == 429


@behind_one_proxy
def test_behind_one_proxy_one_clients_failures_lock_only_that_client(reviewer, settings, audit_log):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), reviewer.username, f"wrong-{attempt}", remote=PROXY, forwarded=CLIENT_A)
    assert (
        _login(Client(), reviewer.username, PASSWORD, remote=PROXY, forwarded=CLIENT_A).status_code
        == 429
    )
    # The reviewer at another desk, through the same proxy, is not locked out.
    response = _login(Client(), reviewer.username, PASSWORD, remote=PROXY, forwarded=CLIENT_B)
    assert response.status_code == 302
    assert audit_log.find("login_failed", f"username={reviewer.username}", f"ip={CLIENT_A}")
    assert audit_log.find("login_success", f"user={reviewer.username}", f"ip={CLIENT_B}")
    assert not audit_log.find(f"ip={PROXY}")
