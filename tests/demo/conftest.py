"""Shared fixtures for the demo content tests: the manifest, the gold rows, a running site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from exodus.demo import DemoPage, DemoSite, load_pages


@pytest.fixture(scope="session")
def pages() -> list[DemoPage]:
    return load_pages()


@pytest.fixture()
def site() -> Iterator[DemoSite]:
    # A fresh site per test: release state is per instance, so tests cannot leak into each other.
    with DemoSite() as running:
        yield running
