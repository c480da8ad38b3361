"""The address of the client behind the reverse proxies the site trusts.

``REMOTE_ADDR`` is the last hop: behind nginx it is nginx itself, so every comment would carry
the proxy's address and one rate limit (or one ban) would hit the whole site. Each trusted
proxy appends the address it received the request from to ``X-Forwarded-For``, so the header
is read from the right: skip the hops that are trusted proxies, and the first address that is
not one is the client. Anything further left was written by the client and may be forged.

With ``DJANGO_TRUSTED_PROXIES`` empty (the default) the header is never read. Example, with
``TRUSTED_PROXIES = ["10.0.0.0/8"]``::

    REMOTE_ADDR=10.0.0.2, X-Forwarded-For: 6.6.6.6, 203.0.113.7, 10.0.0.5
    client_ip(request)  # "203.0.113.7" — 6.6.6.6 is what the client claimed
"""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def parse_networks(value, *, name="DJANGO_TRUSTED_PROXIES"):
    """``["10.0.0.1", "192.168.0.0/16"]`` → networks, or one sentence naming ``name``."""
    networks = []
    for item in value:
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.1 or "
                f"192.168.0.0/16, separated by commas (got {item!r})."
            ) from None
    return tuple(networks)


def _address(text):
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, networks):
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_ip(request):
    """The client's address as a string, or ``None`` when there is none to be had."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = getattr(settings, "TRUSTED_PROXIES", ())
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # A garbled entry: nothing to its left can be trusted, so stop at the last good hop.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)
