"""The first screen of a report, as the README shows it (Debian chromium driven by Playwright).

    .venv/bin/python scripts/report_screenshot.py REPORT.html IMAGE.png
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402


def main(report: Path, image: Path) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 1250})
        page.goto(report.resolve().as_uri())
        page.screenshot(path=image)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
