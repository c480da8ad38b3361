"""The client's address behind the reverse proxies the site trusts, and only those."""

import pytest
from django.test import RequestFactory

from comments.models import Comment
from config.proxies import client_ip, parse_networks
from tests.factories import ArticleFactory
from tests.test_comments_pages import form_data, post_url

PROXY = "10.0.0.2"
EDGE = "10.0.0.5"


def address(settings, *, remote, forwarded=None, trusted=""):
    settings.TRUSTED_PROXIES = parse_networks([p for p in trusted.split(",") if p])
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_a_direct_client_is_its_own_address(settings):
    assert address(settings, remote="203.0.113.7") == "203.0.113.7"


def test_without_trusted_proxies_the_header_is_never_read(settings):
    assert address(settings, remote=PROXY, forwarded="203.0.113.7") == PROXY


def test_behind_one_proxy_the_client_is_the_address_it_forwarded(settings):
    got = address(settings, remote=PROXY, forwarded="203.0.113.7", trusted=PROXY)
    assert got == "203.0.113.7"


def test_behind_two_proxies_the_client_is_read_past_both(settings):
    got = address(settings, remote=PROXY, forwarded=f"203.0.113.7, {EDGE}", trusted="10.0.0.0/24")
    assert got == "203.0.113.7"


def test_a_forged_entry_left_of_the_client_is_ignored(settings):
    got = address(settings, remote=PROXY, forwarded="198.51.100.1, 203.0.113.7", trusted=PROXY)
    assert got == "203.0.113.7"


def test_an_untrusted_client_cannot_spoof_the_header(settings):
    got = address(settings, remote="203.0.113.7", forwarded="198.51.100.1", trusted=PROXY)
    assert got == "203.0.113.7"


def test_a_garbled_header_stops_at_the_last_trusted_hop(settings):
    got = address(settings, remote=PROXY, forwarded="203.0.113.7, not-an-address", trusted=PROXY)
    assert got == PROXY


def test_ipv6_clients_are_read_through_the_proxy(settings):
    assert address(settings, remote=PROXY, forwarded="2001:db8::1", trusted=PROXY) == "2001:db8::1"


@pytest.mark.django_db
def test_a_comment_posted_through_the_proxy_records_the_client(client, settings):
    settings.TRUSTED_PROXIES = parse_networks([PROXY])
    essay = ArticleFactory()
    client.post(
        post_url(essay),
        form_data(essay),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert Comment.objects.get().ip_address == "203.0.113.7"
