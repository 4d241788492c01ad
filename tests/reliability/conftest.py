from __future__ import annotations

from collections.abc import Iterator

import pytest

from exodus.demo.site import DemoSite


@pytest.fixture
def site() -> Iterator[DemoSite]:
    """The demo news site on a free loopback port, for runs that crawl it."""
    with DemoSite() as running:
        yield running
