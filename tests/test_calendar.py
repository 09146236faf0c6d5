import datetime as dt

import pytest

from binjai_sim.base.calendar import format_month, parse_month


def test_round_trip():
    for text in ("2016-12", "2017-01", "2030-12"):
        assert format_month(parse_month(text)) == text


def test_month_arithmetic():
    assert parse_month("2021-02") - parse_month("2020-12") == 2


def test_dates_and_years():
    assert parse_month(dt.date(2020, 11, 27)) == parse_month("2020-11")
    assert parse_month("2020-11-27") == parse_month("2020-11")
    assert parse_month(2019) == parse_month("2019-01")


@pytest.mark.parametrize("bad", ["2020-13", "20-1", "soon", "", None, 3.5])
def test_rejects_non_months(bad):
    with pytest.raises(ValueError):
        parse_month(bad)
