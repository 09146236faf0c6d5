"""The workshop page as a room uses it: a 1366x768 projector, a facilitator clicking without
looking, Bahasa Indonesia from the first month to the last, and a reload in the middle of a run
(Debian chromium driven by Playwright; screenshots in each test's temporary folder)."""

from __future__ import annotations

import re
import time

import pytest

from .browser import STEP, difference, month_shown, open_page, restart, step, wait_month
from .test_viz import _english_left, _everything_readable

pytestmark = pytest.mark.browser
BUTTONS = {"reset": "Mulai ulang", "step": STEP, "year": "Maju 1 tahun", "play": "Putar"}
PROJECTOR = {"width": 1366, "height": 768}



def _boxes(page) -> dict[str, tuple[float, ...]]:
    found = {}
    for key, name in BUTTONS.items():
        box = page.get_by_role("button", name=name).bounding_box()
        found[key] = (box["x"], box["y"], box["width"], box["height"])
    return found


def _year(page, month: str) -> None:
    page.get_by_role("button", name="Maju 1 tahun").click()
    wait_month(page, month)


def _choose_option(page, label: str, option: str) -> None:
    page.locator(".setting-select", has_text=label).locator(".v-select__slot").click()
    page.locator(".menuable__content__active").get_by_role("option", name=option, exact=True).click()


@pytest.mark.slow
def test_the_buttons_never_move_whatever_the_month_and_show_their_keys(server, browser, tmp_path):
    errors: list[str] = []
    page = open_page(browser, server, errors, **PROJECTOR)
    first = _boxes(page)
    for name, key in (("Mulai ulang", "Home"), (STEP, "→"), ("Maju 1 tahun", "⇧→"), ("Putar", "P")):
        assert page.get_by_role("button", name=name).locator("kbd").inner_text() == key
    seen = {month_shown(page)}
    for _ in range(24):  # every month name twice, "Mei" to "September" and "Desember"
        step(page, 1)
        seen.add(month_shown(page))
        assert _boxes(page) == first, f"a button moved at {month_shown(page)}"
    assert len(seen) == 25 and month_shown(page) == "2018-12"
    page.keyboard.press("ArrowRight")  # a presenter's clicker sends → or PageDown
    wait_month(page, "2019-01")
    page.keyboard.press("Shift+ArrowRight")
    wait_month(page, "2020-01")
    assert _boxes(page) == first
    page.screenshot(path=tmp_path / "after_keys.png")
    assert not errors, errors
    page.context.close()


_OVERFLOW = """() => [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > document.documentElement.clientWidth + 0.5; })
    .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll('svg.chart')].flatMap(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => scale * parseFloat(t.getAttribute('font-size'))); }))"""


@pytest.mark.slow
def test_a_1366x768_projector_shows_the_headlines_first_and_nothing_spills_sideways(server, browser, tmp_path):
    errors: list[str] = []
    page = open_page(browser, server, errors, **PROJECTOR)
    _choose_option(page, "Paket strategi", "Kelima belas strategi")  # the longest table of strategies
    restart(page)
    for year in range(2017, 2031):
        _year(page, f"{year}-12")
    page.get_by_text("Akhir periode simulasi sudah tercapai.").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    headlines = page.locator(".difference .big, .card.city .headline .big").all()
    assert len(headlines) == 5
    for big in headlines:  # without scrolling: the three differences and both cities' running apps
        box = big.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], big.inner_text()
    assert page.evaluate(_CHART_TEXT) >= 16
    page.screenshot(path=tmp_path / "projector_1366.png", full_page=True)
    for width, height in ((1366, 768), (1280, 720), (1024, 768)):
        page.set_viewport_size({"width": width, "height": height})
        time.sleep(0.3)
        assert page.evaluate(_OVERFLOW) == [], f"elements past the right edge at {width}x{height}"
    page.set_viewport_size(PROJECTOR)
    body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.card-title')).fontSize)")
    page.get_by_role("button", name="Mode presentasi").click()
    page.wait_for_function("() => document.querySelector('.workshop.presenter') !== null")
    zoom = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.workshop')).zoom)")
    assert zoom * body >= 1.2 * body
    assert page.evaluate(_OVERFLOW) == [], "presenter mode spills past the right edge"
    page.screenshot(path=tmp_path / "presenter.png")
    assert not errors, errors
    page.context.close()


def _packages(page) -> list[str]:
    page.locator(".setting-select", has_text="Paket strategi").locator(".v-select__slot").click()
    menu = page.locator(".menuable__content__active")
    menu.wait_for()
    names = [o.inner_text() for o in menu.get_by_role("option").all()]
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    return names


@pytest.mark.slow
def test_bahasa_indonesia_from_the_first_month_to_the_last_in_every_package(server, browser, tmp_path):
    errors: list[str] = []
    page = open_page(browser, server, errors, **PROJECTOR)
    packages = _packages(page)
    assert len(packages) >= 6 and packages[0] == "Tanpa paket"
    found = {}
    for package in packages:
        _choose_option(page, "Paket strategi", package)
        restart(page)
        for year in range(2017, 2031):  # every year's closures, hand-overs and national events
            _year(page, f"{year}-12")
            left = _english_left(_everything_readable(page))
            if left:
                found[f"{package} {year}"] = left
    assert found == {}, f"English words in the Bahasa Indonesia page: {found}"
    page.screenshot(path=tmp_path / "end_of_run.png", full_page=True)
    assert not errors, errors
    page.context.close()


@pytest.mark.slow
def test_changes_are_marked_and_undoable_and_a_reload_keeps_the_month_and_choices(server, browser, tmp_path):
    errors: list[str] = []
    page = open_page(browser, server, errors, **PROJECTOR)
    package = "Kapasitas fiskal rendah (maks. Rp 10 juta sebulan)"
    _choose_option(page, "Paket strategi", package)
    restart(page)
    slider = page.get_by_role("slider", name=re.compile("^Pelatihan digital ASN"))
    slider.focus()
    slider.press("ArrowRight")  # one strategy moved away from the package
    field = page.locator(".setting-select.package")
    field.get_by_text("Racikan sendiri (diubah dari: " + package + ")").wait_for()
    row = page.locator(".origin.changed:has([data-strategy=digital_training])")
    row.get_by_text(re.compile("^Diubah di sini; \\d+% pada Kapasitas fiskal rendah")).wait_for()
    page.locator(".setting-note.waiting").first.wait_for()  # beside the slider, not only on the bar
    page.get_by_role("button", name="Kembalikan semua nilai skenario dan paket").click()
    field.get_by_text(package, exact=True).wait_for()
    page.locator(".pending-note").wait_for(state="detached")
    slider.focus()
    slider.press("ArrowRight")
    field.get_by_text("Racikan sendiri (diubah dari: " + package + ")").wait_for()
    page.get_by_role("slider", name=re.compile("^Seberapa besar prioritas")).press("ArrowLeft")
    page.locator("[data-setting=continuity][data-origin=changed]").wait_for()
    restart(page)
    step(page, 3)
    _year(page, "2018-03")
    page.get_by_role("button", name="English").click()
    page.get_by_text("Forward 1 month").wait_for()
    before = (month_shown(page), difference(page), page.locator("[data-total]").get_attribute("data-total"),
              page.locator("[data-setting=continuity]").get_attribute("data-value"))
    page.reload()
    page.get_by_role("button", name="Forward 1 month").wait_for(timeout=90_000)
    wait_month(page, "2018-03")
    after = (month_shown(page), difference(page), page.locator("[data-total]").get_attribute("data-total"),
             page.locator("[data-setting=continuity]").get_attribute("data-value"))
    assert after == before
    assert page.locator("[data-setting=continuity]").get_attribute("data-origin") == "changed"
    field.get_by_text("Custom (changed from: Low fiscal capacity (at most Rp 10 million a month))").wait_for()
    assert page.locator(".pending-note").count() == 0
    page.get_by_role("button", name="Forward 1 month").click()  # and the run goes on from there
    wait_month(page, "2018-04")
    page.screenshot(path=tmp_path / "after_reload.png")
    assert not errors, errors
    page.context.close()
