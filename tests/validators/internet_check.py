"""Internet providers checked by independent validators: ipaddress for IPv4/IPv6, urllib.parse for
URLs, the email package for safe_email, passlib for password_hash, and re for the rest."""

import ipaddress
import re
import sys
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit

from passlib.hash import pbkdf2_sha256

from tdm_values import check, generate, report

data_cli = sys.argv[1]

rows = generate(data_cli, {
    "ip_public": "{provider: ipv4, options: {kind: public}}",
    "ip_private": "{provider: ipv4, options: {kind: private}}",
    "ip_any": "{provider: ipv4, options: {kind: any}}",
    "ip6": "{provider: ipv6}",
    "mac": "{provider: mac_address}",
    "mac_local": "{provider: mac_address, options: {kind: local}}",
})


def canonical(v):
    return str(ipaddress.ip_address(v)) == v


def ipv4(v, want):
    try:
        ip = ipaddress.IPv4Address(v)
    except ValueError:
        return False
    if str(ip) != v or ip.is_multicast or ip.is_reserved or ip.is_loopback:
        return False
    if want == "public":
        return ip.is_global and not ip.is_private
    if want == "private":
        return ip.is_private and not ip.is_global
    return ip.is_global or ip.is_private


def ipv6(v):
    try:
        ip = ipaddress.IPv6Address(v)
    except ValueError:
        return False
    return (canonical(v) and ip in ipaddress.IPv6Network("2000::/3") and ip.is_global
            and not ip.is_private)


MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")


def mac(v, local):
    if not MAC.fullmatch(v):
        return False
    first = int(v[:2], 16)
    return first & 1 == 0 and bool(first & 2) == local


check("ipv4 public", [r["ip_public"] for r in rows], lambda v: ipv4(v, "public"))
check("ipv4 private", [r["ip_private"] for r in rows], lambda v: ipv4(v, "private"))
check("ipv4 any", [r["ip_any"] for r in rows], lambda v: ipv4(v, "any"))
check("ipv6", [r["ip6"] for r in rows], ipv6)
check("ipv6 uses :: compression", [any("::" in r["ip6"] for r in rows)], bool)
check("mac_address universal", [r["mac"] for r in rows], lambda v: mac(v, False))
check("mac_address local", [r["mac_local"] for r in rows], lambda v: mac(v, True))

rows = generate(data_cli, {
    "name": "{provider: full_name}",
    "user": "{provider: username}",
    "mail": "{provider: safe_email}",
    "url": "{provider: url}",
    "url_http": "{provider: url, options: {scheme: http}}",
    "pw": "{provider: password_hash}",
})

SAFE_DOMAINS = {"example.com", "example.org", "example.net"}
USERNAME = re.compile(r"[a-z][a-z._]*[a-z][0-9]*")


def from_name(local, name):
    first, last = (part.lower() for part in name.split(" "))
    return first in local or last in local


def safe_email(v, name):
    real, addr = parseaddr(v)
    if addr != v or real:
        return False
    try:
        parsed = Address(addr_spec=v)
    except Exception:  # the email package raises several error types for bad addresses
        return False
    return parsed.domain in SAFE_DOMAINS and from_name(parsed.username, name)


def url(v, scheme):
    parts = urlsplit(v)
    return (parts.scheme == scheme and bool(parts.netloc) and parts.path.startswith("/")
            and "." in parts.hostname)


def password_hash(v):
    try:
        h = pbkdf2_sha256.from_string(v)
    except ValueError:
        return False
    return pbkdf2_sha256.identify(v) and h.rounds == 29000 and len(h.salt) == 16


check("username", [(r["user"], r["name"]) for r in rows],
      lambda p: USERNAME.fullmatch(p[0]) is not None and from_name(p[0], p[1]))
check("safe_email", [(r["mail"], r["name"]) for r in rows], lambda p: safe_email(*p))
check("url https", [r["url"] for r in rows], lambda v: url(v, "https"))
check("url http", [r["url_http"] for r in rows], lambda v: url(v, "http"))
check("password_hash", [r["pw"] for r in rows], password_hash)
check("password_hash verifies nothing", [rows[0]["pw"]],
      lambda v: not pbkdf2_sha256.verify("password", v))

rows = generate(data_cli, {
    "domain": "{provider: domain_name}",
    "host": "{provider: hostname}",
    "slug": "{provider: slug}",
    "ua": "{provider: user_agent}",
})

LABEL = r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
DOMAIN = re.compile(rf"{LABEL}\.[a-z]{{2,}}")
HOST = re.compile(rf"({LABEL}\.)+[a-z]{{2,}}")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+){1,4}")
USER_AGENT = re.compile(
    r"Mozilla/5\.0 \([^()]+\) (AppleWebKit/[0-9.]+ \(KHTML, like Gecko\) .*"
    r"(Chrome/\d+\.0\.0\.0|Version/\d+\.\d+)|Gecko/\d+(\.0)? Firefox/\d+\.0)"
    r"( Mobile(/[0-9A-Z]+)?)?( Safari/[0-9.]+)?( Edg/[0-9.]+)?")

check("domain_name", [r["domain"] for r in rows], lambda v: DOMAIN.fullmatch(v) is not None)
check("hostname", [r["host"] for r in rows],
      lambda v: HOST.fullmatch(v) is not None and len(v) <= 253)
check("slug", [r["slug"] for r in rows], lambda v: SLUG.fullmatch(v) is not None)
check("user_agent", [r["ua"] for r in rows], lambda v: USER_AGENT.fullmatch(v) is not None)
check("user_agent covers four browsers", [{b for r in rows for b in ("Chrome/", "Firefox/",
                                                                     "Version/", "Edg/")
                                           if b in r["ua"]}],
      lambda s: len(s) == 4)

report()
