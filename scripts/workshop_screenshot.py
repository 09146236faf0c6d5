"""Screenshots of the workshop page for the README (docs/images/workshop.png and workshop_en.png).

Starts `binjai-sim viz` on a free port, opens it in Debian chromium, chooses the low fiscal
capacity package, restarts, advances both cities to 2021-03 (just after the first mayoral
hand-over) and saves the page, in Bahasa Indonesia and in English.
    .venv/bin/python scripts/workshop_screenshot.py [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import choose, chromium, open_page, restart, step, wait_month, workshop_server  # noqa: E402

PACKAGE = "Kapasitas fiskal rendah (maks. Rp 10 juta sebulan)"

if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images"
    errors: list[str] = []
    with workshop_server() as url, chromium() as browser:
        page = open_page(browser, url, errors, width=1600, height=1500)
        choose(page, "Paket strategi", PACKAGE)
        restart(page)
        for year in range(2017, 2021):
            page.get_by_role("button", name="Maju 1 tahun").click()
            wait_month(page, f"{year}-12")
        step(page, 3)
        wait_month(page, "2021-03")
        page.mouse.move(0, 0)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(out / "workshop.png"))
        page.get_by_role("button", name="English").click()
        page.get_by_text("Apps by agency (OPD)").wait_for()
        page.screenshot(path=str(out / "workshop_en.png"))
        print(f"wrote {out / 'workshop.png'} and {out / 'workshop_en.png'}; browser errors: {len(errors)}")
