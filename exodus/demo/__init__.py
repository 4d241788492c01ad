"""Offline demo content: a local news site with hand-written pages about the 2022 exodus.

The pages in ``pages/`` paraphrase real reporting (never copied text); ``manifest.json``
lists them and ``expected.json`` holds the gold figure rows that the extractor is scored
against. :mod:`exodus.demo.site` serves them over real HTTP on loopback, released in waves.
"""

from __future__ import annotations

from exodus.demo.site import (
    PAGES_DIR,
    DemoPage,
    DemoSite,
    demo_config_toml,
    load_expected,
    load_pages,
    page_html,
    waves,
)

__all__ = [
    "PAGES_DIR",
    "DemoPage",
    "DemoSite",
    "demo_config_toml",
    "load_expected",
    "load_pages",
    "page_html",
    "waves",
]
