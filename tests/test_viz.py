"""The workshop view in a real browser (Debian chromium driven by Playwright).

The test starts `binjai-sim viz` on a free port and stops it afterwards. Screenshots of the
loaded and stepped page are saved in the test's temporary directory.
"""

import re
import time

import pytest

from sim.workshop import WorkshopCity

from .browser import chromium, month_shown, open_page, step, workshop_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with workshop_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_page_loads_steps_twelve_months_and_plots_change(server, browser, tmp_path):
    errors = []
    page = open_page(browser, server, errors)
    page.screenshot(path=tmp_path / "loaded.png", full_page=True)
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Binjai, 2016-12").wait_for()
    before = [page.locator("img").nth(i).screenshot() for i in range(4)]
    step(page, 12)
    assert month_shown(page) == "2017-12"
    page.get_by_text("Time: 12").wait_for()
    time.sleep(1.0)  # let the last figures arrive
    after = [page.locator("img").nth(i).screenshot() for i in range(4)]
    changed = sum(a != b for a, b in zip(before, after, strict=True))
    assert changed == 4, f"only {changed} of 4 plots changed"
    page.screenshot(path=tmp_path / "stepped.png", full_page=True)
    assert (tmp_path / "loaded.png").stat().st_size > 10_000 and (tmp_path / "stepped.png").stat().st_size > 10_000
    assert not errors, errors
    page.context.close()


def _continuity_shown(page) -> float:
    return float(re.search(r"continuity (\d\.\d\d)", page.inner_text("body")).group(1))


def test_slider_change_then_reset_rebuilds_the_model(server, browser):
    errors = []
    page = open_page(browser, server, errors)
    original = _continuity_shown(page)
    slider = page.get_by_role("slider", name="Election continuity")
    slider.focus()
    for _ in range(4):  # toward the middle: the slider's steps snap to its grid, so read where it lands
        slider.press("ArrowLeft" if original > 0.5 else "ArrowRight")
    wanted = float(slider.get_attribute("aria-valuenow"))
    assert abs(wanted - original) >= 0.15
    step(page, 1)
    assert _continuity_shown(page) == pytest.approx(original), "the model changed before Reset"
    page.get_by_role("button", name="Reset").click()
    page.get_by_text("Binjai, 2016-12").wait_for(timeout=30_000)
    page.wait_for_function(f"() => document.body.innerText.includes('continuity {wanted:.2f}')", timeout=30_000)
    assert _continuity_shown(page) == pytest.approx(wanted)
    assert not errors, errors
    page.context.close()


def test_two_sessions_step_independently(server, browser):
    errors = []
    first = open_page(browser, server, errors)
    second = open_page(browser, server, errors)
    step(first, 3)
    assert month_shown(first) == "2017-03"
    time.sleep(0.5)
    assert month_shown(second) == "2016-12"
    step(second, 1)
    assert month_shown(second) == "2017-01" and month_shown(first) == "2017-03"
    assert not errors, errors
    first.context.close()
    second.context.close()


def test_workshop_model_applies_slider_values():
    model = WorkshopCity(scenario_file="strategies/political.yaml", seed=2, maintenance_share=0.5, continuity=0.8,
                         coefficients="all", long_term_plan=0.4, sops_documentation=0.7)
    names = {s.name: s for s in model.strategies}
    assert names["long_term_plan"].intensity == 0.4  # scenario's own strategy, intensity set
    assert names["sops_documentation"].intensity == 0.7  # added
    assert "handover_protocol" in names and names["handover_protocol"].intensity == 1.0  # zero leaves it alone
    assert model.spec.budget.maintenance_share == 0.5 and model.spec.politics.continuity == 0.8
    assert model.spec.coefficients.use == "all"
    for _ in range(200):
        model.step()
    assert model.finished and not model.running
