"""Helpers for browser tests: serve the workshop page on a port the server picks, drive Debian
chromium, and read what the page shows."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STEP = "Maju 1 bulan"


@contextmanager
def workshop_server(*args: str, timeout: float = 120.0, log: Path | None = None):
    """``binjai-sim viz --port 0 ARGS``; yields the URL it prints once it listens. A server that
    does not start fails with the end of its own messages."""
    sink = open(log, "w+") if log else tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "viz", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=sink, text=True, start_new_session=True, cwd=ROOT)
    try:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not line or "http://" not in line[0]:
            sink.flush()
            sink.seek(0)
            raise RuntimeError(f"workshop server did not start (exit code {proc.poll()}):\n{sink.read()[-3000:]}")
        yield line[0].split(" on ")[1].split()[0] + "/"
    finally:
        with contextlib.suppress(ProcessLookupError):  # the server may have stopped on its own
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        sink.close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, errors: list, width: int = 1600, height: int = 1200):
    """A new tab (its own session) on the page, once the cities are drawn."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.goto(url)
    page.get_by_role("button", name=STEP).wait_for(timeout=90_000)
    page.locator(".page-month").wait_for(timeout=60_000)
    return page


def month_shown(page) -> str:
    return page.locator(".page-month").get_attribute("data-month")


def city_months(page) -> list[str]:
    """The month each city card shows (two in the twin view)."""
    return [card.get_attribute("data-month") for card in page.locator(".card.city").all()]


def difference(page) -> dict[str, float]:
    panel = page.locator(".difference")
    return {key: float(panel.get_attribute(f"data-{key}")) for key in ("live", "citizens", "spent")}


def wait_month(page, month: str, timeout: float = 60_000) -> None:
    """Wait until every part of the page that names a month (the bar, the cities, the difference)
    shows ``month``: the parts arrive one after another."""
    page.wait_for_function("""(m) => {
        const all = [...document.querySelectorAll('[data-month]')].map(e => e.dataset.month);
        return all.length >= 2 && all.every(x => x === m); }""", arg=month, timeout=timeout)


def step(page, times: int) -> None:
    """Click the step button ``times`` times, each after the previous month is drawn everywhere
    (the bar shows the new month before the cities do)."""
    button = page.get_by_role("button", name=STEP)
    for _ in range(times):
        before = month_shown(page)
        button.click()
        page.wait_for_function("""(b) => {
            const m = document.querySelector('.page-month').dataset.month;
            return m !== b && [...document.querySelectorAll('[data-month]')].every(e => e.dataset.month === m); }""",
                               arg=before, timeout=30_000)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the drop-down labelled ``label``."""
    page.locator(".setting-select", has_text=label).locator(".v-select__slot").click()
    page.locator(".menuable__content__active").get_by_role("option", name=option, exact=True).click()


def restart(page, start: str = "2016-12") -> None:
    """Press "Mulai ulang" and wait for both cities at the first month, the settings applied."""
    page.get_by_role("button", name="Mulai ulang").click()
    page.locator(".pending-note").wait_for(state="detached", timeout=30_000)
    wait_month(page, start)
