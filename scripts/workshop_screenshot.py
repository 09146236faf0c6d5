"""Screenshot of the workshop view for the README (docs/images/workshop.png).

Starts `binjai-sim viz` on a free port, opens it in Debian chromium, advances the baseline to
2021-02 (the first hand-over) and saves the page.
    .venv/bin/python scripts/workshop_screenshot.py [OUT.png]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, month_shown, open_page, workshop_server  # noqa: E402

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images" / "workshop.png"
    errors: list[str] = []
    with workshop_server() as url, chromium() as browser:
        page = open_page(browser, url, errors)
        render = page.get_by_role("slider", name="Render Interval (steps)")
        render.focus()
        for _ in range(25):  # 1 + 2 * 25 = 51 months per click
            render.press("ArrowRight")
        time.sleep(3)  # the slider's value reaches the server asynchronously; a click too soon steps less
        page.get_by_role("button", name="Step").click()
        page.wait_for_function("() => document.body.innerText.includes('Binjai, 2021-03')", timeout=120_000)
        time.sleep(2)
        page.screenshot(path=str(out), full_page=True)
        print(f"wrote {out} at {month_shown(page)}; browser errors: {len(errors)}")
