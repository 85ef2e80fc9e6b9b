"""The HTML report renders in headless Chromium (skips where Chromium is not installed)."""

import shutil
import subprocess

import pytest

from foi_ingest.packs import load_pack  # noqa: E402
from foi_ingest.warehouse.db import connect
from foi_ingest.warehouse.report import headline
from foi_ingest.warehouse.report_html import render_html

REQ = load_pack("police-social-media")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium not installed (apt-get install chromium)")
def test_report_renders_to_a_screenshot_with_content(ingested, tmp_path):
    from PIL import Image

    db, _ = ingested
    with connect(db, request=REQ, read_only=True) as con:
        page = tmp_path / "report.html"
        page.write_text(render_html(REQ, headline(REQ, con)), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,2200",
         f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    blue = sum(n for n, (r, g, b) in colours if b > 150 and r < 80)  # the bars of the charts
    assert image.size == (1100, 2200) and blue > 10_000
