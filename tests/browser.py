"""Helpers for browser tests: serve the workshop view on a free port, drive Debian chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def workshop_server(timeout: float = 120.0):
    port = free_port()
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "viz", "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"workshop server exited with {proc.returncode}")
            if time.time() > deadline:
                raise RuntimeError("workshop server did not start")
            time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, url: str, errors: list):
    context = browser.new_context(viewport={"width": 1600, "height": 1300})
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.goto(url)
    page.get_by_role("button", name="Step").wait_for(timeout=90_000)
    page.get_by_text("Binjai, 2016-12").wait_for(timeout=60_000)
    return page


def month_shown(page) -> str:
    return page.get_by_text("Binjai, 20").first.inner_text().split("Binjai, ")[1][:7]


def step(page, times: int) -> None:
    button = page.get_by_role("button", name="Step")
    for _ in range(times):
        before = month_shown(page)
        button.click()
        page.wait_for_function(
            "(before) => !document.body.innerText.includes('Binjai, ' + before)", arg=before, timeout=30_000)
