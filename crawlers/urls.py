"""URL canonicalisation and scope checks shared by the spider, the middlewares and the flow."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url, scrub_url

__all__ = ["canonical_url", "source_domains", "in_domains", "host_of"]


def canonical_url(url: str) -> str:
    """The form under which an article is remembered as seen.

    courlan drops tracking parameters (utm_*, fbclid, ...), sorts the query, lowercases the
    scheme and host and strips default ports; on top of that the fragment and a trailing slash
    go. The host is never rewritten (no www. stripping): two hosts may serve different things.
    Idempotent: canonical_url(canonical_url(u)) == canonical_url(u).
    """
    try:
        normal = normalize_url(scrub_url(url), strict=False, trailing_slash=False)
    except ValueError:  # a mangled port or IPv6 literal: keep the URL rather than fail
        normal = url.strip()
    parts = urlsplit(normal)
    # The root is always "/", other paths never end in one (courlan's scrub_url drops the
    # root slash but keeps others, so both are settled here).
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def host_of(url: str) -> str:
    """The lowercased host name of a URL, without port; empty when it has none."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def source_domains(url: str, allowed: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The domains a source may link to: its configured ones, or else its own host.

    A leading ``www.`` is dropped from the default so that a feed on www.outlet.org may list
    articles on outlet.org and its other subdomains.
    """
    if allowed:
        return tuple(domain.lower().strip(".") for domain in allowed)
    host = host_of(url)
    return (host.removeprefix("www."),) if host else ()


def in_domains(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Whether the URL's host is one of the domains or a subdomain of one (empty: any)."""
    if not domains:
        return True
    host = host_of(url)
    return any(host == domain or host.endswith("." + domain) for domain in domains)
