"""The client's address, the same for throttles, the admin lockout and the audit log.

``LACTRX_TRUSTED_PROXIES`` (one setting, read from the environment) says how far
``X-Forwarded-For`` can be believed:

- ``0`` (the default) or empty: there is no proxy; ``X-Forwarded-For`` is ignored and the
  client is ``REMOTE_ADDR``. A client that sends its own ``X-Forwarded-For`` cannot pose as
  someone else.
- a number ``N``: exactly N proxies that each append the address they received the request
  from to ``X-Forwarded-For`` stand in front of the app (nginx ``proxy_add_x_forwarded_for``,
  Traefik, an ELB…). The client is the N-th address from the right; whatever the client put
  in the header itself is further left and is never read.
- addresses or networks (``10.0.0.5,10.1.0.0/16``): the proxies' own addresses. The header is
  believed only when ``REMOTE_ADDR`` is one of them; it is then read from the right, skipping
  trusted addresses, and the first untrusted one is the client. Safer than a count when the app
  can also be reached without the proxy.

An address that is not a valid IP never becomes an identity: the answer falls back to
``REMOTE_ADDR`` (the proxy's address), so a malformed header can only put its sender into the
proxy's shared bucket, never into a fresh one.
"""

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class ProxyTrust:
    count: int = 0
    networks: tuple[Network, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.count or self.networks)


@lru_cache(maxsize=8)
def parse_trusted_proxies(value: str) -> ProxyTrust:
    """``"2"`` -> two proxies; ``"10.0.0.5, 10.1.0.0/16"`` -> those networks; ``""`` -> none."""
    text = str(value or "").strip()
    if not text:
        return ProxyTrust()
    if text.isdigit():
        return ProxyTrust(count=int(text))
    networks = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"LACTRX_TRUSTED_PROXIES: {part!r} is neither a proxy count nor an address."
            ) from exc
    return ProxyTrust(networks=tuple(networks))


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks if ip.version == net.version)


def client_ip(request: Any) -> str | None:
    """The client's IP address for ``request`` (an HttpRequest or a DRF Request)."""
    meta = getattr(request, "META", None) or {}
    remote = meta.get("REMOTE_ADDR") or None
    trust = parse_trusted_proxies(str(getattr(settings, "LACTRX_TRUSTED_PROXIES", "") or ""))
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if not trust.enabled or not forwarded:
        return remote
    hops = [h.strip() for h in str(forwarded).split(",")]
    if trust.count:
        if len(hops) < trust.count:
            return remote  # fewer hops than proxies: the header is not the proxies' own
        return _valid_ip(hops[-trust.count]) or remote
    if remote is None or not _trusted(remote, trust.networks):
        return remote  # not sent by one of our proxies: the header is the client's word
    for hop in reversed(hops):
        address = _valid_ip(hop)
        if address is None:
            return remote
        if not _trusted(address, trust.networks):
            return address
    return remote


def axes_client_ip(request: Any) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: django-axes keys its lockout on the same address."""
    return client_ip(request)
