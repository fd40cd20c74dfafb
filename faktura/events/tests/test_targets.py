import socket

import pytest

from faktura.events.targets import TargetRefused, check_target, resolved_addresses

# What the fake resolver answers; a name not listed does not resolve.
NAMES = {
    "hooks.example.com": ["93.184.216.34"],
    "dual.example.com": ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    "intranet.example.com": ["10.0.0.5"],
    "mixed.example.com": ["93.184.216.34", "192.168.1.10"],
    "metadata.example.com": ["169.254.169.254"],
    "loop6.example.com": ["::1"],
    "mapped.example.com": ["::ffff:127.0.0.1"],
    "cgnat.example.com": ["100.64.1.1"],
    "ula.example.com": ["fd12:3456::1"],
    "zero.example.com": ["0.0.0.0"],  # noqa: S104 - an answer to refuse, not a bind
}


def fake_resolve(host, port, *, type):
    assert type == socket.SOCK_STREAM
    host = host.removesuffix(".")  # the root, as DNS reads it
    if host not in NAMES:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return [
        (
            socket.AF_INET6 if ":" in address else socket.AF_INET,
            socket.SOCK_STREAM,
            6,
            "",
            (address, port, 0, 0) if ":" in address else (address, port),
        )
        for address in NAMES[host]
    ]


def no_dns(host, port, *, type):
    raise AssertionError(f"an IP literal or refused URL was resolved: {host}")


def check(url, *, allow_private=False, resolve=fake_resolve):
    check_target(url, allow_private=allow_private, resolve=resolve)


def refusal(url, *, allow_private=False, resolve=fake_resolve) -> str:
    with pytest.raises(TargetRefused) as caught:
        check(url, allow_private=allow_private, resolve=resolve)
    return str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/faktura",
        "http://hooks.example.com",
        "HTTPS://HOOKS.EXAMPLE.COM/x?token=1#part",
        "https://hooks.example.com:8443/faktura",
        "http://hooks.example.com:1/",
        "https://hooks.example.com./faktura",
        "https://dual.example.com/",
        "http://93.184.216.34/hook",
        "http://[2606:2800:220:1:248:1893:25c8:1946]:8080/hook",
        "https://hooks.example.com/" + "a" * (2000 - len("https://hooks.example.com/")),
    ],
)
def test_public_target_is_allowed(url):
    check(url)


def test_ip_literal_is_not_resolved():
    check("http://93.184.216.34/hook", resolve=no_dns)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hooks.example.com/", "must be an http:// or https:// URL"),
        ("file:///etc/passwd", "must be an http:// or https:// URL"),
        ("javascript:alert(1)", "must be an http:// or https:// URL"),
        ("hooks.example.com/faktura", "must be an http:// or https:// URL"),
        ("//hooks.example.com/faktura", "must be an http:// or https:// URL"),
        ("", "must be an http:// or https:// URL"),
        ("https://", "must have a host"),
        ("https:///faktura", "must have a host"),
        ("http:hooks.example.com", "must have a host"),
        (
            "https://user:pass@hooks.example.com/",
            "must not contain a user name or password; send credentials in api_token instead",
        ),
        (
            "https://user@hooks.example.com/",
            "must not contain a user name or password; send credentials in api_token instead",
        ),
        (
            "https://@hooks.example.com/",
            "must not contain a user name or password; send credentials in api_token instead",
        ),
        (
            "http://hooks.example.com\\@127.0.0.1/",
            "must not contain a user name or password; send credentials in api_token instead",
        ),
        (
            "https://hooks.example.com/" + "a" * (2001 - len("https://hooks.example.com/")),
            "must not be longer than 2000 characters",
        ),
        (
            "https://hooks.example.com/a b",
            "must not contain spaces, control characters or invisible characters",
        ),
        (
            "https://hooks.exam\nple.com/",
            "must not contain spaces, control characters or invisible characters",
        ),
        (
            "https://hooks.exam\u200bple.com/",
            "must not contain spaces, control characters or invisible characters",
        ),
        ("https://hooks.example.com:http/", "is not a valid URL"),
        ("https://hooks.example.com:70000/", "is not a valid URL"),
        ("https://[hooks.example.com]/", "is not a valid URL"),
        ("http://127.0.0.1\\.example.com/", "host 127.0.0.1\\.example.com is not a valid host"),
        ("https://nowhere.example.com/", "host nowhere.example.com cannot be resolved"),
    ],
)
def test_malformed_or_unreachable_url_is_refused(url, reason):
    assert refusal(url, resolve=fake_resolve).startswith(reason)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost/", "host localhost is this server itself"),
        ("http://LOCALHOST:8000/", "host localhost is this server itself"),
        ("http://localhost./", "host localhost. is this server itself"),
        ("http://api.localhost/", "host api.localhost is this server itself"),
        ("http://127.0.0.1/", "host 127.0.0.1 is a loopback address"),
        ("http://127.8.9.10:9000/", "host 127.8.9.10 is a loopback address"),
        ("http://2130706433/", "host 2130706433 (127.0.0.1) is a loopback address"),
        ("http://0x7f.1/", "host 0x7f.1 (127.0.0.1) is a loopback address"),
        ("http://127.1/", "host 127.1 (127.0.0.1) is a loopback address"),
        ("http://[::1]/", "host ::1 is a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "host ::ffff:127.0.0.1 is a loopback address"),
        ("http://[::ffff:10.1.2.3]/", "host ::ffff:10.1.2.3 is a private network address"),
        ("http://[2002:7f00:1::]/", "host 2002:7f00:1:: is a loopback address"),
        ("http://10.0.0.5/", "host 10.0.0.5 is a private network address"),
        ("http://172.16.0.1/", "host 172.16.0.1 is a private network address"),
        ("http://172.31.255.254/", "host 172.31.255.254 is a private network address"),
        ("http://192.168.1.1/", "host 192.168.1.1 is a private network address"),
        ("http://[fc00::1]/", "host fc00::1 is a private network address"),
        ("http://[fdab::1]/", "host fdab::1 is a private network address"),
        ("http://169.254.169.254/latest/", "host 169.254.169.254 is a link-local address"),
        ("http://[fe80::1]/", "host fe80::1 is a link-local address"),
        ("http://[fe80::1%25eth0]/", "host fe80::1%25eth0 is a link-local address"),
        ("http://0.0.0.0/", "host 0.0.0.0 is an unspecified address"),
        ("http://0/", "host 0 (0.0.0.0) is an unspecified address"),
        ("http://[::]/", "host :: is an unspecified address"),
        ("http://224.0.0.1/", "host 224.0.0.1 is a multicast address"),
        ("http://[ff02::1]/", "host ff02::1 is a multicast address"),
        ("http://100.64.0.1/", "host 100.64.0.1 is a carrier-grade NAT address"),
        ("http://100.127.255.254/", "host 100.127.255.254 is a carrier-grade NAT address"),
        ("http://240.0.0.1/", "host 240.0.0.1 is a reserved address"),
        ("http://192.0.2.10/", "host 192.0.2.10 is a private network address"),
    ],
)
def test_non_public_host_is_refused(url, reason):
    assert refusal(url, resolve=no_dns) == f"{reason}; webhooks are sent only to public addresses"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://intranet.example.com/", "resolves to 10.0.0.5, a private network address"),
        ("https://mixed.example.com/", "resolves to 192.168.1.10, a private network address"),
        ("https://metadata.example.com/", "resolves to 169.254.169.254, a link-local address"),
        ("https://loop6.example.com/", "resolves to ::1, a loopback address"),
        ("https://mapped.example.com/", "resolves to ::ffff:127.0.0.1, a loopback address"),
        ("https://cgnat.example.com/", "resolves to 100.64.1.1, a carrier-grade NAT address"),
        ("https://ula.example.com/", "resolves to fd12:3456::1, a private network address"),
        ("https://zero.example.com/", "resolves to 0.0.0.0, an unspecified address"),
    ],
)
def test_name_resolving_to_a_non_public_address_is_refused(url, reason):
    host = url.split("/")[2]

    assert refusal(url) == f"host {host} {reason}; webhooks are sent only to public addresses"


def test_resolver_is_asked_for_the_url_port_or_the_scheme_default():
    asked = []

    def recording(host, port, *, type):
        asked.append((host, port))
        return fake_resolve(host, port, type=type)

    check("https://hooks.example.com/", resolve=recording)
    check("http://hooks.example.com/", resolve=recording)
    check("http://hooks.example.com:8080/", resolve=recording)

    assert asked == [
        ("hooks.example.com", 443),
        ("hooks.example.com", 80),
        ("hooks.example.com", 8080),
    ]


def test_name_resolving_to_nothing_is_refused():
    def empty(host, port, *, type):
        return []

    assert refusal("https://hooks.example.com/", resolve=empty) == (
        "host hooks.example.com cannot be resolved"
    )


def test_name_the_resolver_cannot_encode_is_refused():
    def idna_error(host, port, *, type):
        raise UnicodeError("label too long")

    assert refusal("https://hooks.example.com/", resolve=idna_error) == (
        "host hooks.example.com cannot be resolved"
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8000/hook",
        "http://api.localhost/hook",
        "http://127.0.0.1:8000/hook",
        "http://[::1]/hook",
        "http://10.0.0.5/hook",
        "http://169.254.169.254/",
        "https://intranet.example.com/hook",
        "https://mixed.example.com/hook",
    ],
)
def test_allow_private_lets_non_public_targets_through(url):
    names = {**NAMES, "localhost": ["127.0.0.1"], "api.localhost": ["127.0.0.1"]}

    def resolve(host, port, *, type):
        return [(socket.AF_INET, type, 6, "", (names[host][0], port))]

    check(url, allow_private=True, resolve=resolve)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/", "must be an http:// or https:// URL"),
        ("gopher://localhost/", "must be an http:// or https:// URL"),
        ("http://user:pass@127.0.0.1/", "must not contain a user name or password"),
        ("http://admin@localhost/", "must not contain a user name or password"),
        ("http:///hook", "must have a host"),
        ("http://nowhere.example.com/", "host nowhere.example.com cannot be resolved"),
    ],
)
def test_allow_private_still_refuses_malformed_urls(url, reason):
    assert refusal(url, allow_private=True).startswith(reason)


def test_refusal_is_a_value_error():
    with pytest.raises(ValueError, match="must be an http"):
        check("ftp://hooks.example.com/")


def test_resolved_addresses_are_the_checked_ones_without_duplicates():
    twice = {"hooks.example.com": ["93.184.216.34", "93.184.216.34"]}

    def resolve(host, port, *, type):
        return [(socket.AF_INET, type, 6, "", (address, port)) for address in twice[host]]

    assert resolved_addresses(
        "https://dual.example.com/", allow_private=False, resolve=fake_resolve
    ) == ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]
    assert resolved_addresses(
        "https://hooks.example.com/", allow_private=False, resolve=resolve
    ) == ["93.184.216.34"]


def test_resolved_addresses_of_a_literal_are_the_literal_in_canonical_form():
    assert resolved_addresses("http://93.184.216.34/", allow_private=False, resolve=no_dns) == [
        "93.184.216.34"
    ]
    assert resolved_addresses("http://2130706433/", allow_private=True, resolve=no_dns) == [
        "127.0.0.1"
    ]


def test_resolved_addresses_refuses_what_check_target_refuses():
    with pytest.raises(TargetRefused, match="resolves to 192.168.1.10"):
        resolved_addresses("https://mixed.example.com/", allow_private=False, resolve=fake_resolve)


def test_each_check_resolves_again_so_a_rebound_name_is_caught():
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    def rebinding(host, port, *, type):
        return [(socket.AF_INET, type, 6, "", (address, port)) for address in next(answers)]

    first = resolved_addresses("https://hooks.example.com/", allow_private=False, resolve=rebinding)
    assert first == ["93.184.216.34"]
    with pytest.raises(TargetRefused, match="resolves to 127.0.0.1, a loopback address"):
        resolved_addresses("https://hooks.example.com/", allow_private=False, resolve=rebinding)
