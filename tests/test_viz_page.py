"""The workshop page without a browser: its numbers and words, its charts' axes, and the page
rendered headlessly (Solara in a kernel of its own) as the server renders it."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pytest

from binjai_sim.interfaces.viz import address, charts
from binjai_sim.interfaces.viz.text import Text
from binjai_sim.interfaces.workshop import Config

# solara's kernel for a page rendered outside a server asks asyncio for a loop that is not there
pytestmark = pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")


@pytest.mark.parametrize("lang, number, money, monthly, total, month", [
    ("id", "12.300", "Rp 3,5 juta", "Rp 0,5 juta/bulan", "Rp 4,38 miliar", "Maret 2019"),
    ("en", "12,300", "Rp 3.5 million", "Rp 0.5 million/month", "Rp 4.38 billion", "March 2019"),
])
def test_numbers_and_months_are_written_as_a_reader_of_the_language_writes_them(lang, number, money, monthly, total,
                                                                                month):
    text = Text(lang)
    assert text.number(12300) == number
    assert text.millions(3.5e6) == money and text.millions(0) == f"Rp 0 {money.split()[-1]}"
    assert text.per_month(0.5e6) == monthly
    assert text.money(4.379e9) == total
    assert text.month(2019 * 12 + 2) == month
    assert text.signed(3) == "+3" and text.signed(-2) == "−2" and text.signed(0) == "0"
    assert text.percent(0.972355) == "97%"


def test_axes_start_sensible_before_anything_happened():
    assert charts.y_range([np.zeros(1)], 32) == (0.0, 40.0)  # apps: the inventory's size, rounded up
    assert charts.y_range([np.zeros(1)], 0.0, symmetric_floor=2.0) == (-2.0, 2.0)  # a difference of nothing
    assert charts.y_range([np.array([0.0, 14_592.1])], 14_592.1) == (0.0, 15_000.0)
    bottom, top = charts.y_range([np.array([-3.0, 17.0])], 0.0, symmetric_floor=2.0)
    assert bottom <= -3 and top >= 17 and bottom < 0 < top


def test_a_time_chart_marks_elections_and_terms_and_escapes_its_text():
    axis = charts.TimeAxis(24203, 24371, marks=[(24252, "too close <b>"), (24251, "Pilkada 2020")],
                           bands=[(24203, 24252, "Wali kota 1"), (24253, 24260, "Wali kota 2")])
    svg = charts.time_chart([charts.Line("aktif & menurun", np.arange(10.0), "#000")], axis, (0, 40), str, width=560)
    assert svg.count("stroke-dasharray") == 2  # both elections drawn
    assert svg.count(">Pilkada 2020</text>") == 1
    # a label too close to the previous one is left to its tooltip
    assert "<title>too close &lt;b&gt;</title>" in svg and ">too close &lt;b&gt;</text>" not in svg
    assert "<b>" not in svg and "aktif &amp; menurun" in svg
    assert ">Wali kota 1</text>" in svg and ">Wali kota 2</text>" not in svg  # a band too narrow for its label
    assert re.findall(r">(\d{4})</text>", svg)[0] == "2017"


def _tick_labels(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end">([^<]*)</text>', svg)


def test_count_axes_tick_only_at_whole_numbers_and_label_each_tick_with_its_own_value():
    # a gap of -3 to +8 apps: a step of 2.5 would put ticks at -2.5 and 7.5, written "-2" and "+8"
    text = Text("id")
    y = charts.y_range([np.array([-3.0, 8.0])], 0.0, symmetric_floor=2.0, integer=True)
    svg = charts.time_chart([charts.Line("selisih", np.array([-3.0, 8.0]), "#000")],
                            charts.TimeAxis(24203, 24371), y, text.signed, integer=True)
    labels = _tick_labels(svg)
    assert labels == ["−5", "0", "+5", "+10"]
    assert charts.nice_step(11, integer=True) == 5 and charts.nice_step(11) == 2.5  # shares keep their 2.5
    assert charts.nice_step(0.8, integer=True) == 1  # never a tick at half an app
    # every count axis the page draws is one of whole numbers
    for top in (3, 7, 11, 32, 45, 14_592):
        lo, hi = charts.y_range([np.array([0.0, top])], 0.0, integer=True)
        step = charts.nice_step(hi - lo, integer=True)
        assert step == int(step) and lo == int(lo) and hi == int(hi), top


def test_years_on_a_narrow_chart_are_spread_so_their_labels_never_touch():
    svg = charts.time_chart([], charts.TimeAxis(24203, 24371), (0, 40), str, width=300)
    years = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="\d+" text-anchor="middle">\d{4}<',
                                          svg)]
    width = 0.56 * charts.FONT * 4
    assert len(years) >= 3 and all(b - a > width for a, b in zip(years, years[1:], strict=False))


@pytest.mark.parametrize("lang, pruning, finance", [("id", "pemangkasan aplikasi daerah", "SIPD modul keuangan"),
                                                   ("en", "pruning of regional apps", "SIPD finance")])
def test_national_events_are_named_in_the_page_language_and_a_citys_own_systems_as_written(lang, pruning,
                                                                                          finance):
    text = Text(lang)
    assert text.event("pruning of regional apps") == pruning and text.event("SIPD finance") == finance
    assert text.event("Simpeg Binjai") == "Simpeg Binjai" and text.event("SIPD") == "SIPD"
    assert text.month(2024 * 12 + 9) == ("Oktober 2024" if lang == "id" else "October 2024")
    assert text.month_width() >= max(len(text.month(m)) for m in range(2016 * 12, 2031 * 12))


def test_the_address_brings_back_the_month_and_choices_and_never_fails_on_what_a_browser_sends():
    config = Config(city="binjai_baseline.yaml", seed=7, settings=(("coefficients", "all"), ("continuity", 0.5)),
                    package="strategies/political.yaml", strategies=(("handover_protocol", 0.55),
                                                                     ("long_term_plan", 1.0)))
    query = address.encode(config, 2021 * 12 + 2, "en", "single", False, True)
    view = address.decode("?" + query)
    assert view.config == config and view.month == 2021 * 12 + 2
    assert (view.lang, view.mode, view.panel, view.presenter) == ("en", "single", False, True)
    assert address.decode(None) == address.decode("") == address.View()
    for junk in ("month=2021-13&lang=fr&view=%3Cb%3E&settings=2", "&".join(f"x{k}=1" for k in range(500)),
                 "city=../../etc/passwd&seed=-1&strategies=a:b:c,,:,x&changed=%00", "%ZZ=%ZZ&=&&==",
                 "month=" + "9" * 5000):
        view = address.decode(junk)  # nothing raises; what cannot be read is left to the defaults
        assert view.lang is None and view.mode is None and view.month is None and view.panel is None


# ---- the page, rendered headlessly -----------------------------------------------------------

@pytest.fixture
def page():
    import ipyvuetify as v
    import solara
    import solara.server.app  # noqa: F401 - solara's server-side widget machinery
    from solara.server import kernel_context

    from binjai_sim.interfaces.viz.app import Page

    context = kernel_context.create_dummy_context()
    with context:
        _, rc = solara.render(Page(), handle_error=False)

        def html() -> str:
            return "\n".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)

        def notices() -> list[str]:
            return [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets
                    if "notice" in (w.attributes or {}).get("class", "").split()]

        def select(label: str):
            found = rc.find(v.Select, label=label)
            found.assert_single()
            return found.widget

        def button(label: str):
            found = [w for w in rc.find(v.Btn).widgets if w.children and w.children[0] == label]
            assert len(found) == 1, label
            return found[0]

        yield SimpleNamespace(notices=notices, html=html, button=button, select=select)
    context.close()


def test_every_click_is_one_month_in_both_cities(page):
    html, button = page.html, page.button
    step = button("Maju 1 bulan")
    for _ in range(12):
        step.click()
    assert re.findall(r'data-month="([\d-]+)"', html()) == ["2017-12"] * 4  # the bar, two cities, the difference
    button("Maju 1 tahun").click()
    assert 'class="page-month" data-month="2018-12"' in html()
    button("↺ Mulai ulang").click()
    assert 'class="page-month" data-month="2016-12"' in html()


def test_a_failure_shows_one_plain_sentence_and_the_page_goes_on(page, monkeypatch, caplog):
    notices, html, button = page.notices, page.html, page.button
    import binjai_sim.interfaces.viz.session

    def broken(self, months=1):
        raise RuntimeError("boom: an internal detail")

    monkeypatch.setattr(binjai_sim.interfaces.viz.session.Twin, "step", broken)
    button("Maju 1 bulan").click()
    assert notices() == ["Terjadi kesalahan pada model; tekan Mulai ulang untuk memulai lagi."]
    assert "boom" not in html() and "Traceback" not in html()
    assert "boom" in caplog.text  # the server log keeps the cause
    monkeypatch.undo()
    button("↺ Mulai ulang").click()
    button("Maju 1 bulan").click()
    assert notices() == [] and 'class="page-month" data-month="2017-01"' in html()


def test_a_chart_that_cannot_be_drawn_shows_one_plain_sentence(page, monkeypatch, caplog):
    html, button = page.html, page.button
    import binjai_sim.interfaces.viz.figures

    def broken(*args, **kwargs):
        raise ValueError("an internal detail")

    monkeypatch.setattr(binjai_sim.interfaces.viz.figures, "live_apps", broken)
    button("Maju 1 bulan").click()
    assert "Terjadi kesalahan pada model; tekan Mulai ulang untuk memulai lagi." in html()
    assert "internal detail" not in html() and "internal detail" in caplog.text
    monkeypatch.undo()
    button("Maju 1 bulan").click()
    assert "Terjadi kesalahan" not in html() and 'class="page-month" data-month="2017-02"' in html()


def test_values_forged_in_the_browser_are_refused_with_one_sentence(page):
    notices, html, button = page.notices, page.html, page.button
    page.select("Berkas skenario").v_model = "../../../etc/passwd"
    page.select("Paket strategi").v_model = "strategies/../../x.yaml"
    assert "Pengaturan berubah" in html()  # waiting for Reset, nothing read yet
    button("↺ Mulai ulang").click()
    assert notices() == ["Skenario yang dipilih tidak dapat dipakai, jadi halaman menampilkan binjai_baseline.yaml.",
                         "Paket strategi yang dipilih tidak dapat dibaca, jadi tidak diikutkan."]
    assert 'class="city-name">Binjai<' in html() and "Pengaturan berubah" not in html()
    button("Maju 1 bulan").click()
    assert 'class="page-month" data-month="2017-01"' in html()
