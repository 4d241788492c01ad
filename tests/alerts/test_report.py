"""The HTML report: self-contained, escaped, and rendered by a real headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exodus.cli import main
from exodus.config import AlertSettings
from tests.alerts.conftest import run_batch
from tests.factories import batch_item, figure

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SETTINGS = AlertSettings(outbox="unused")
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def report(db_path: str, tmp_path: Path) -> Path:
    run_batch(db_path, [batch_item("a", figure(98_000), published="2022-09-25")], 1, SETTINGS)
    second = batch_item(
        "b",
        figure(200_000, quote=f"200,000 entered {HOSTILE}."),
        figure(600_000, 700_000, metric="departed", destination=None, disputed=True),
        published="2022-10-04",
    )
    second = type(second)(
        type(second.article)(**{**second.article.__dict__, "title": f"Arrivals {HOSTILE}"}),
        second.figures,
        second.extractor_version,
    )
    run_batch(db_path, [second], 2, SETTINGS)
    output = tmp_path / "report.html"
    assert main(["report", "--db", db_path, "--output", str(output)]) == 0
    return output


def test_report_is_self_contained_and_escaped(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert page.count("<svg") == 2, "a chart per series"
    assert "Kazakhstan arrivals" in page and "200,000" in page and "98,000" in page
    assert "600,000–700,000" in page and "disputed" in page
    # No network at view time: nothing is loaded from elsewhere; links only lead out.
    assert not re.search(
        r'(src|href)="(?!#|http://news\.example|data:)',
        page.replace('href="http://news.example', 'href="#'),
    )
    assert not re.search(r"<(link|img|iframe|object)\b", page)
    assert "@import" not in page and "url(http" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(report: Path, tmp_path: Path) -> None:
    from PIL import Image  # matplotlib's own dependency

    screenshot = tmp_path / "report.png"
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1200,1400",
            f"--screenshot={screenshot}",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert screenshot.exists(), done.stderr[-2000:]
    image = Image.open(screenshot).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000) or []
    assert len(colours) > 20, "the page is blank"
    # The charts' line colour (#1f5fa8) is on screen: the SVG rendered.
    near_blue = sum(
        count
        for count, (r, g, b) in colours
        if abs(r - 0x1F) < 30 and abs(g - 0x5F) < 30 and abs(b - 0xA8) < 30
    )
    assert near_blue > 50, "no chart line drawn"
