"""The request type views receive, and who sent a request: the client's address, taken from
X-Forwarded-For only when the request came through a proxy the settings trust."""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class HtmxHttpRequest(HttpRequest):
    """The request type views receive: django-htmx adds `request.htmx`."""

    htmx: HtmxDetails


def parse_networks(values: list[str] | tuple[str, ...]) -> tuple[Network, ...]:
    """Addresses or networks ("10.0.0.1", "10.0.0.0/8", "::1"); ValueError names a bad one."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"TRUSTED_PROXIES: “{value}” is not an address or network") from exc
    return tuple(networks)


@functools.lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _address(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent the request, for rate limits, lockouts and records.

    REMOTE_ADDR, unless it is one of TRUSTED_PROXIES: then X-Forwarded-For is read from the
    right (each trusted proxy appends the address it received the request from) and the first
    address that is not itself a trusted proxy is the client. Whatever the client wrote into the
    header is to the left of that, so it cannot choose its address; when no proxy is trusted,
    the header is ignored altogether."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    trusted = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not trusted or not any(remote in network for network in trusted):
        return str(remote)
    client = remote
    hops = (request.META.get("HTTP_X_FORWARDED_FOR", "") or "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:  # not written by a trusted proxy: stop at the last good hop
            break
        client = address
        if not any(address in network for network in trusted):
            break
    return str(client)
