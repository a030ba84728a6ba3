"""Which proxies may speak for the client.

X-Forwarded-For and X-Forwarded-Proto are only as honest as whoever sent
them. A client can send both itself, so they are believed only when the
connection comes from a proxy named in NEWSROOM_TRUSTED_PROXIES (addresses
or networks, empty by default). From anyone else they are removed before
any other middleware reads them: SecurityMiddleware (through
SECURE_PROXY_SSL_HEADER, which Django applies to every request) and the
login throttle's notion of the client's address.
"""

import ipaddress
from functools import cache

from django.conf import settings

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO")


@cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    parsed = _parse(address or "")
    networks = _networks(tuple(settings.NEWSROOM_TRUSTED_PROXIES))
    return parsed is not None and any(parsed in network for network in networks)


def client_ip(request):
    """The address of the person at the other end.

    The connection's own address, unless it comes from a trusted proxy: then
    X-Forwarded-For is read from the right (each proxy appends the address it
    saw), skipping our own proxies, and the first other address is the
    client's. Anything left of it was written by the client and is ignored.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(peer):
        return peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a garbled hop: trust nothing further left
        if not is_trusted_proxy(str(address)):
            return str(address)
        peer = str(address)
    return peer


def forwarded_headers_middleware(get_response):
    """Drop X-Forwarded-* sent by anyone but a trusted proxy. Comes first in
    MIDDLEWARE, before SecurityMiddleware reads X-Forwarded-Proto."""

    def middleware(request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return get_response(request)

    return middleware
