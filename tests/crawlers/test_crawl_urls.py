"""canonical_url and the domain scope helpers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawlers.run import canonical_url
from crawlers.urls import host_of, in_domains, source_domains


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # tracking parameters go, others stay (sorted)
        ("https://meduza.io/news/1?utm_source=tg&utm_medium=social", "https://meduza.io/news/1"),
        ("https://meduza.io/news/1?fbclid=abc&id=7", "https://meduza.io/news/1?id=7"),
        ("https://x.org/a?b=2&a=1", "https://x.org/a?a=1&b=2"),
        # fragment
        ("https://x.org/story#comments", "https://x.org/story"),
        # host and scheme case; default port
        ("HTTPS://Meduza.IO:443/News/1", "https://meduza.io/News/1"),
        ("http://X.org:80/a", "http://x.org/a"),
        # trailing slash
        ("https://x.org/story/", "https://x.org/story"),
        ("https://x.org/story/?page=2", "https://x.org/story?page=2"),
        ("https://x.org/", "https://x.org/"),
        # the host is never rewritten
        ("https://www.x.org/a", "https://www.x.org/a"),
        ("http://127.0.0.1:8080/news/a/", "http://127.0.0.1:8080/news/a"),
    ],
)
def test_canonical_url_cases(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://x.org/a/?utm_campaign=x&q=1#top",
        "HTTP://WWW.Example.COM:80//a/../b/",
        "https://x.org/%D0%BC%D0%BE%D0%B1/",
        "https://x.org/мобилизация?ref=tg",
    ],
)
def test_canonical_url_idempotent_cases(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@given(
    host=st.from_regex(r"[a-z]{1,10}\.(org|ru|kz)", fullmatch=True),
    path=st.lists(st.from_regex(r"[A-Za-z0-9_-]{0,8}", fullmatch=True), max_size=4),
    query=st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True),
        max_size=3,
    ),
    slash=st.booleans(),
)
def test_canonical_url_idempotent_and_keeps_host(
    host: str, path: list[str], query: dict[str, str], slash: bool
) -> None:
    url = f"https://{host}/" + "/".join(path) + ("/" if slash else "")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert host_of(once) == host


@pytest.mark.parametrize(
    ("source_url", "allowed", "expected"),
    [
        ("https://www.fontanka.ru/rss", (), ("fontanka.ru",)),
        ("https://feeds.x.org/rss", ("x.org",), ("x.org",)),
        ("http://127.0.0.1:8000/feed", (), ("127.0.0.1",)),
    ],
)
def test_source_domains_cases(source_url: str, allowed: tuple[str, ...], expected: tuple) -> None:
    assert source_domains(source_url, allowed) == expected


@pytest.mark.parametrize(
    ("url", "inside"),
    [
        ("https://fontanka.ru/a", True),
        ("https://www.fontanka.ru/a", True),
        ("https://notfontanka.ru/a", False),
        ("https://fontanka.ru.evil.org/a", False),
    ],
)
def test_in_domains_cases(url: str, inside: bool) -> None:
    assert in_domains(url, ("fontanka.ru",)) is inside
