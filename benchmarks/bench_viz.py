"""Speed of one step of the workshop page, measured server-side on the page's own components.

The page is rendered headlessly (Solara in a kernel of its own, no browser); each step is a
click on its "Maju 1 bulan" button: the cities step, every chart and panel is drawn again and
the widgets' new state is produced, as the server does for a browser. The twin view runs the
all-fifteen package against the baseline (both cities change every month); the single view
runs the baseline. With ``--browser``, the same is timed in Debian's chromium as well, from the
click to the new month on screen. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_viz.py [--months N] [--browser]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 0.3  # seconds, median step of the twin view
PACKAGE = "strategies/all_fifteen.yaml"


def _find(rc, widget_class, **match):
    found = rc.find(widget_class, **match)
    found.assert_single()
    return found.widget


def _button(rc, label: str):
    """The button whose label is ``label`` (its shortcut follows the label)."""
    import ipyvuetify as v

    found = [w for w in rc.find(v.Btn).widgets if w.children and w.children[0] == label]
    assert len(found) == 1, label
    return found[0]


def headless(mode: str, months: int) -> tuple[list[float], int]:
    """Seconds per step click, the characters of HTML the page holds at the end, and the month it
    shows then (each click is one month: 60 clicks from 2016-12 reach 2021-12)."""
    import ipyvuetify as v
    import solara
    import solara.server.app  # noqa: F401 - sets up solara's server-side widget machinery
    from solara.server import kernel_context

    from binjai_sim.interfaces.viz.app import Page

    context = kernel_context.create_dummy_context()
    with context:
        _, rc = solara.render(Page(), handle_error=False)
        if mode == "twin":
            _find(rc, v.Select, label="Paket strategi").v_model = PACKAGE
            _button(rc, "↺ Mulai ulang").click()
        else:
            toggle = next(w for w in rc.find(v.BtnToggle).widgets
                          if any(getattr(b, "children", None) == ["Satu kota"] for b in w.children))
            toggle.v_model = 1
        step = _button(rc, "Maju 1 bulan")
        times = []
        for _ in range(months):
            start = time.perf_counter()
            step.click()
            times.append(time.perf_counter() - start)
        html = "".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)
    context.close()
    reached = re.search(r'class="page-month" data-month="([^"]*)"', html)
    return times, len(html), reached.group(1) if reached else "?"


def in_browser(months: int) -> list[float]:
    """Seconds from a click on the step button to the next month on screen, in chromium."""
    from tests.browser import choose, chromium, open_page, restart, workshop_server

    times = []
    with workshop_server() as url, chromium() as browser:
        page = open_page(browser, url, [])
        choose(page, "Paket strategi", "Kelima belas strategi")
        restart(page)
        button = page.get_by_role("button", name="Maju 1 bulan")
        for _ in range(months):
            before = page.locator(".page-month").get_attribute("data-month")
            start = time.perf_counter()
            button.click()
            page.wait_for_function("(b) => document.querySelector('.page-month').dataset.month !== b", arg=before)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--months", type=int, default=60, help="steps to time in each view (default 60)")
    parser.add_argument("--browser", action="store_true", help="also time clicks in chromium (needs the server)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.2f} at the start")
    from binjai_sim.runs.runner import warm

    warm()
    for mode, label in (("twin", "twin view (baseline | all fifteen)"), ("single", "single view (baseline)")):
        times, size, reached = headless(mode, args.months)
        print(f"{label}: median step {statistics.median(times):.3f} s, 90th percentile "
              f"{sorted(times)[int(0.9 * len(times))]:.3f} s, max {max(times):.3f} s over {len(times)} steps "
              f"(page at {reached}); "
              f"page HTML {size / 1000:.0f} kB" + (f" (target <= {TARGET} s)" if mode == "twin" else ""))
    if args.browser:
        times = in_browser(min(args.months, 30))
        print("twin view (baseline | all fifteen) in chromium, click to new month on screen: "
              f"median {statistics.median(times):.3f} s, "
              f"max {max(times):.3f} s over {len(times)} clicks")


if __name__ == "__main__":
    main()
