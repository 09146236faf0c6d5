"""Figures fit for a planning document: no legend over the data, real names in titles, calendar
dates on time axes, the chosen language, readable at A4 width."""

import numpy as np
import pandas as pd
import pytest

from binjai_sim import run_scenario
from binjai_sim.base import i18n
from binjai_sim.outputs import plots

A4_TEXT_WIDTH_IN = 6.3  # 16 cm


@pytest.fixture(scope="module")
def result(baseline):
    return run_scenario(baseline, seed=3, replicates=3)


def _figures(result):
    replicates = sorted(result.series["replicate"].unique())
    names = ["reference_case", "a_package", "another_package"]
    rng = np.random.default_rng(0)
    metrics = pd.DataFrame([{"scenario": n, "replicate": r, "app_years": 100 + 20 * k + rng.normal(),
                             "strategy_cost_rp": 1e9 * k} for k, n in enumerate(names) for r in range(5)])
    labels = {"reference_case": "Binjai", "a_package": "political package", "another_package": "all fifteen"}
    series = {n: result.series for n in names}
    return {
        "status": plots.status_figure(result.series, "Binjai"),
        "factors": plots.factor_figure(result.series, "Binjai"),
        "survival": plots.survival_figure(result.events, result.scenario.spec.horizon.end, "Binjai"),
        "causes": plots.causes_figure(result.events, replicates, "Binjai", "2016-12 - 2030-12"),
        "cost": plots.cost_effectiveness_figure(metrics, names, labels, "Binjai"),
        "active": plots.comparison_status_figure(series, labels, "Binjai"),
    }


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_no_legend_covers_the_data_and_titles_name_the_city_not_an_id(result):
    import matplotlib.pyplot as plt

    for key, fig in _figures(result).items():
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        legend = ax.get_legend()
        if legend is not None:
            assert not _overlap(legend.get_window_extent(renderer), ax.get_window_extent(renderer)), key
        title = fig._suptitle.get_text()
        assert title.startswith("Binjai:") and "_" not in title, (key, title)
        title_box = fig._suptitle.get_window_extent(renderer)
        assert title_box.x0 >= 0 and title_box.x1 <= fig.bbox.width, f"{key}: title cut off"
        width = fig.get_size_inches()[0]
        smallest = min(t.get_fontsize() for t in ax.get_xticklabels() + ax.get_yticklabels())
        assert smallest * A4_TEXT_WIDTH_IN / width >= 7.5, f"{key}: ticks under 7.5 pt when printed on A4"
        plt.close(fig)


def test_time_axes_show_calendar_years_and_legends_name_things_in_the_language_asked(result):
    import matplotlib.pyplot as plt

    with i18n.use("id"):
        figures = _figures(result)
    fig = figures["status"]
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ticks and all(t.isdigit() and 2010 <= int(t) <= 2040 for t in ticks), ticks  # years, not indices
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["aktif", "menurun", "berhenti"]
    assert fig.axes[0].get_xlabel() == "tahun" and "ulangan" in fig._suptitle.get_text()
    labels = [t.get_text() for t in figures["cost"].axes[0].get_legend().get_texts()]
    assert labels[0] == "Binjai (pembanding)" and "political package" in labels
    for f in figures.values():
        plt.close(f)
