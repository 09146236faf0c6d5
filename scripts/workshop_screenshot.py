"""Screenshots of the workshop page for the README, as a 1366x768 projector shows it.

Starts `binjai-sim viz` on a free port and opens it in Debian chromium, once in Bahasa
Indonesia and once in English, and saves three views of each in docs/images/workshop/:
the first load (`first_<lang>.png`), the low fiscal capacity package in 2021-03, just after the
first mayoral hand-over (`mid_<lang>.png`), and the end of the run in 2030-12 (`end_<lang>.png`).
With --full, the full page height (for reading every panel) rather than the projector's screen.
    .venv/bin/python scripts/workshop_screenshot.py [OUT_DIR] [--full]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import chromium, open_page, wait_month, workshop_server  # noqa: E402

# what the page calls each control in each language (binjai_sim/locales/*/viz.yaml)
WORDS = {
    "id": {"package": "Paket strategi", "option": "Kapasitas fiskal rendah (maks. Rp 10 juta sebulan)",
           "reset": "Mulai ulang", "year": "Maju 1 tahun", "step": "Maju 1 bulan"},
    "en": {"package": "Strategy package", "option": "Low fiscal capacity (at most Rp 10 million a month)",
           "reset": "Restart", "year": "Forward 1 year", "step": "Forward 1 month"},
}


def _shoot(page, path: Path, full: bool) -> None:
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=full)


def views(browser, url: str, lang: str, out: Path, full: bool, errors: list) -> list[Path]:
    words = WORDS[lang]
    page = open_page(browser, url, errors, width=1366, height=768)
    if lang == "en":
        page.get_by_role("button", name="English").click()
        page.get_by_role("button", name=words["step"]).wait_for()
    written = [out / f"first_{lang}.png", out / f"mid_{lang}.png", out / f"end_{lang}.png"]
    _shoot(page, written[0], full)
    page.locator(".setting-select", has_text=words["package"]).locator(".v-select__slot").click()
    page.locator(".menuable__content__active").get_by_role("option", name=words["option"], exact=True).click()
    page.get_by_role("button", name=words["reset"]).click()
    page.locator(".pending-note").wait_for(state="detached", timeout=30_000)
    wait_month(page, "2016-12")
    for year in range(2017, 2021):
        page.get_by_role("button", name=words["year"]).click()
        wait_month(page, f"{year}-12")
    button = page.get_by_role("button", name=words["step"])
    for month in ("2021-01", "2021-02", "2021-03"):
        button.click()
        wait_month(page, month)
    _shoot(page, written[1], full)
    for month in [f"{year}-03" for year in range(2022, 2031)] + ["2030-12"]:  # the last year stops at the end
        page.get_by_role("button", name=words["year"]).click()
        wait_month(page, month)
    _shoot(page, written[2], full)
    page.context.close()
    return written


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--full"]
    out = Path(args[0]) if args else ROOT / "docs" / "images" / "workshop"
    out.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    with workshop_server() as url, chromium() as browser:
        written = [p for lang in ("id", "en") for p in views(browser, url, lang, out, "--full" in sys.argv, errors)]
    print(f"wrote {', '.join(str(p) for p in written)}; browser errors: {len(errors)}")
