"""Throttling keys on an address a client cannot forge."""

from django.test import RequestFactory, override_settings

from core.security import client_ip


def request(xff=None, remote="10.0.0.9"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@override_settings(NUM_PROXIES=0)
def test_without_a_proxy_the_header_is_ignored():
    assert client_ip(request("1.2.3.4")) == "10.0.0.9"


@override_settings(NUM_PROXIES=1)
def test_behind_one_proxy_the_address_it_appended_counts_not_a_forged_one():
    assert client_ip(request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request()) == "10.0.0.9"


@override_settings(NUM_PROXIES=2)
def test_behind_two_proxies_and_a_short_header():
    assert client_ip(request("6.6.6.6, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"


def test_no_request():
    assert client_ip(None) == ""
