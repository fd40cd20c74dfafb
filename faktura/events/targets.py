"""Checking a webhook's target URL, when it is stored and before each delivery.

Webhooks make the server send requests to URLs its users choose, so without a
check a user could make it reach services that only the server can reach: its
loopback interface, the private network, or a cloud metadata endpoint
(169.254.169.254). A target must be an http(s) URL without credentials in it
and, unless the operator allows private targets, its host must be, or resolve
only to, public addresses. Every address a name resolves to must pass, since
the connection may use any of them.

A name can resolve to a public address when checked and to a private one a
moment later (DNS rebinding). A delivery should therefore connect to an address
returned by `resolved_addresses`, which checks and resolves in one step, rather
than resolve the name again (see its docstring).
"""

import ipaddress
import re
import socket
from collections.abc import Callable
from urllib.parse import SplitResult, urlsplit

MAX_LENGTH = 2000
SCHEMES = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[..., list]

_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598, carrier-grade NAT
# Host names, including internationalised ones; IP literals are recognised before this.
_HOST_NAME = re.compile(r"[\w.-]+")
# Forms such as 2130706433, 0x7f.1 or 127.1 that the system resolver reads as IPv4.
_LEGACY_IPV4 = re.compile(r"[0-9a-fx.]+")
_PUBLIC_ONLY = "webhooks are sent only to public addresses"


class TargetRefused(ValueError):
    """A URL webhooks may not be sent to; the message says why, for the client."""


def check_target(url: str, *, allow_private: bool, resolve: Resolver = socket.getaddrinfo) -> None:
    """Raise TargetRefused unless webhooks may be sent to `url`.

    Refused: a URL longer than MAX_LENGTH characters, or with spaces or control
    characters; a scheme other than http and https; no host; a user name or
    password in the URL; a host that cannot be resolved. Unless `allow_private`:
    the name `localhost` (and `*.localhost`), and a host that is, or resolves to
    (by `resolve(host, port, type=socket.SOCK_STREAM)`, like socket.getaddrinfo),
    any address that is not public: loopback, private, link-local, unspecified,
    multicast, reserved, carrier-grade NAT, and IPv6 forms of those.
    """
    resolved_addresses(url, allow_private=allow_private, resolve=resolve)


def resolved_addresses(
    url: str, *, allow_private: bool, resolve: Resolver = socket.getaddrinfo
) -> list[str]:
    """Check `url` as `check_target` does, and return the addresses its host stood
    for when checked (the literal itself for an IP host), in the resolver's order.

    To keep a delivery on the checked addresses, connect to one of these instead
    of the host name, and still speak to the server by its name: send
    `Host: <host>[:port]`, and for https wrap the socket with
    `ssl_context.wrap_socket(sock, server_hostname=<host>)` so SNI and the
    certificate check use the name, not the address. Do not resolve the name again.

    Raises TargetRefused.
    """
    parts = _parse(url)
    host = parts.hostname or ""
    port = parts.port if parts.port is not None else SCHEMES[parts.scheme.lower()]
    literal = _literal_address(host)
    if literal is not None:
        if not allow_private:
            problem = _address_problem(literal)
            if problem:
                shown = host if _is_ip(host) else f"{host} ({literal})"
                raise TargetRefused(f"host {shown} is {problem}; {_PUBLIC_ONLY}")
        return [str(literal)]
    if not _HOST_NAME.fullmatch(host):
        raise TargetRefused(f"host {host} is not a valid host name")
    name = host.rstrip(".")
    if not allow_private and (name == "localhost" or name.endswith(".localhost")):
        raise TargetRefused(f"host {host} is this server itself; {_PUBLIC_ONLY}")
    addresses = _resolve(host, port, resolve)
    if not allow_private:
        for text, address in addresses:
            problem = _address_problem(address)
            if problem:
                raise TargetRefused(f"host {host} resolves to {text}, {problem}; {_PUBLIC_ONLY}")
    return list(dict.fromkeys(str(address) for _text, address in addresses))


def _parse(url: str) -> SplitResult:
    if len(url) > MAX_LENGTH:
        raise TargetRefused(f"must not be longer than {MAX_LENGTH} characters")
    if any(char.isspace() or not char.isprintable() for char in url):
        raise TargetRefused("must not contain spaces, control characters or invisible characters")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        raise TargetRefused(f"is not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in SCHEMES:
        raise TargetRefused("must be an http:// or https:// URL")
    if "@" in parts.netloc:
        raise TargetRefused(
            "must not contain a user name or password; send credentials in api_token instead"
        )
    if not parts.hostname:
        raise TargetRefused("must have a host")
    return parts


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _literal_address(host: str) -> IPAddress | None:
    if _is_ip(host):
        return ipaddress.ip_address(host)
    if _LEGACY_IPV4.fullmatch(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def _resolve(host: str, port: int, resolve: Resolver) -> list[tuple[str, IPAddress]]:
    """The addresses `host` resolves to, each as the resolver wrote it and parsed."""
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        found = []
    if not found:
        raise TargetRefused(f"host {host} cannot be resolved")
    addresses = []
    for _family, _type, _proto, _canonname, sockaddr in found:
        try:
            addresses.append((sockaddr[0], ipaddress.ip_address(sockaddr[0])))
        except ValueError as exc:
            raise TargetRefused(
                f"host {host} resolves to something that is not an IP address"
            ) from exc
    return addresses


def _address_problem(address: IPAddress) -> str | None:
    """What kind of non-public address `address` is, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv6 address that carries an IPv4 one may reach it: ::ffff:127.0.0.1
        # is 127.0.0.1 on a dual-stack socket, 2002:7f00:1:: is 6to4 for it.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None:
            problem = _address_problem(embedded)
            if problem:
                return problem
    if address.is_loopback:
        return "a loopback address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address in _SHARED_ADDRESS_SPACE:
        return "a carrier-grade NAT address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private network address"
    if not address.is_global:
        return "not a public address"
    return None
