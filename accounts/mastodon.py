"""Finding and registering with the Mastodon server a reader names.

    domain = server_from_address("@ann@films.example")   # "films.example"
    server = registered_server(domain, redirect_uri=…)     # MastodonServer, made on first use

A server that does not answer ``/api/v1/instance`` like Mastodon is refused with
:class:`NotMastodon`, whose message is shown to the reader.
"""

import re

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from requests import RequestException

from accounts.models import MastodonServer

DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class NotMastodon(Exception):
    pass


def server_from_address(address):
    """The server's domain in ``@name@server``, ``name@server``, ``server`` or its URL."""
    text = address.strip().lower()
    text = re.sub(r"^https?://", "", text).split("/")[0]
    domain = text.rsplit("@", 1)[-1]
    if not DOMAIN.match(domain):
        raise NotMastodon(
            "Type your Mastodon address, such as @name@mastodon.social, or your server's name."
        )
    return domain


def registered_server(domain, *, redirect_uri):
    server = MastodonServer.objects.filter(domain=domain).first()
    if server is not None:
        return server
    base = f"https://{domain}"
    refusal = NotMastodon(f"{domain} does not answer like a Mastodon server.")
    try:
        with get_adapter().get_requests_session() as session:
            response = session.get(f"{base}/api/v1/instance", timeout=5)
            instance = response.json() if response.ok else None
            if not isinstance(instance, dict) or not (
                instance.get("uri") and "version" in instance
            ):
                raise refusal
            response = session.post(
                f"{base}/api/v1/apps",
                data={
                    "client_name": settings.SITE_NAME,
                    "redirect_uris": redirect_uri,
                    "scopes": "read:accounts",
                    "website": settings.SITE_URL,
                },
                timeout=5,
            )
            app = response.json() if response.ok else None
    except (RequestException, ValueError) as error:
        raise refusal from error
    if not isinstance(app, dict) or not app.get("client_id") or not app.get("client_secret"):
        raise NotMastodon(f"{domain} refused to register this site.")
    server, _ = MastodonServer.objects.get_or_create(
        domain=domain,
        defaults={"client_id": app["client_id"], "client_secret": app["client_secret"]},
    )
    return server
