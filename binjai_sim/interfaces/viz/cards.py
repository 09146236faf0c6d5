"""The page's text panels as HTML: each city's state, the difference, the portfolio by agency
(OPD) and the closures. Numbers the browser tests read carry ``data-`` attributes."""

from __future__ import annotations

from html import escape

from binjai_sim.base.calendar import parse_month
from binjai_sim.interfaces.workshop import readings

from .figures import STATUS_COLOURS, status_colour
from .text import Text

SYMBOLS = {"not_launched": "○", "active": "●", "degraded": "◐", "dead": "✕"}


def city_card(model, role: str, title: str, text: Text, entries=None) -> str:
    """Month, apps by status, mayor, money and users of one city; its strategies if it has any."""
    counts = readings.status_counts(model)
    live = counts["active"] + counts["degraded"]
    mayor = model.mayor
    using = model.recorder.citizens_using[model.recorder.rows - 1]
    statuses = " · ".join(f"{escape(text.name('status', s))} <b>{counts[s]}</b>"
                          for s in ("active", "degraded", "dead", "not_launched"))
    facts = [
        statuses,
        escape(text("card.mayor", number=mayor.mayor_id + 1, term=mayor.terms_served,
                    priority=text.number(mayor.priority, 2))),
        escape(text("card.maintenance", money=text.millions(model.maintenance_available))),
        escape(text("card.citizens", count=text.number(using))),
    ]
    if entries is not None:
        facts.append(strategy_summary(entries, text))
    items = "".join(f"<li>{fact}</li>" for fact in facts)
    return (f'<div class="card city" data-city="{role}" data-month="{text.iso(model.month)}" data-live="{live}">'
            f'<div class="card-title">{escape(title)}</div>'
            f'<div class="month">{escape(text.month(model.month))}</div>'
            f'<div class="headline"><span class="big">{live}</span> '
            f'{escape(text("card.live_of", total=model.apps.n))}</div><ul class="facts">{items}</ul></div>')


def strategy_summary(entries, text: Text) -> str:
    """Each added strategy with its intensity and monthly cost, and their total."""
    if not entries:
        return escape(text("card.no_strategies"))
    rows = "".join(f"<tr><td>{escape(text('strategy.' + e.name))}</td><td>{text.percent(e.strategy.intensity)}</td>"
                   f"<td>{escape(text.per_month(e.monthly_cost))}</td></tr>" for e in entries)
    total = text.per_month(sum(e.monthly_cost for e in entries))
    return (f'{escape(text("card.strategies"))}:<table class="strategy-table">{rows}'
            f'<tr class="total"><td>{escape(text("card.total_label"))}</td><td></td><td>{escape(total)}</td></tr>'
            f"</table>")


def difference(twin, text: Text) -> str:
    d = twin.difference()
    note = text("difference.note", seed=twin.config.seed) if twin.entries else text("difference.none_chosen")
    items = [
        (text.signed(d.live_apps), text("difference.live_apps")),
        (text.signed(d.citizens), text("difference.citizens")),
        (text.money(d.spent), text("difference.spent")),
    ]
    cells = "".join(f'<div class="diff-item"><span class="big">{escape(v)}</span> {escape(label)}</div>'
                    for v, label in items)
    return (f'<div class="difference" data-live="{d.live_apps}" data-citizens="{d.citizens:.0f}" '
            f'data-spent="{d.spent:.0f}" data-month="{text.iso(twin.month)}">'
            f'<div class="card-title">{escape(text("difference.title"))}</div>'
            f'<div class="diff-row">{cells}</div><div class="note">{escape(note)}</div></div>')


def _closure_text(closure, text: Text) -> str:
    cause = text.name("cause", closure.cause)
    if closure.factor:
        return text("closure.weakest", cause=cause, factor=text.name("factor", closure.factor))
    if closure.by:
        return text("closure.by", cause=cause, by=text.event(closure.by))
    return cause


def _chip(card, agency: str, text: Text) -> str:
    lines = [f"{card.name} · {agency}", f"{text('portfolio.status')}: {text.name('status', card.status)}",
             f"{text('portfolio.users')}: {text.number(card.users)}",
             f"{text('portfolio.quality')}: {text.percent(card.quality)}",
             f"{text('portfolio.launch')}: {text.month(parse_month(card.launch))}"]
    if card.closure is not None:
        lines.append(f"{text('portfolio.closed')}: {text.month(card.closure.month)}, "
                     f"{_closure_text(card.closure, text)}")
    return (f'<span class="chip {card.status}" style="--status:{status_colour(card.status)}" '
            f'title="{escape(chr(10).join(lines))}">{SYMBOLS[card.status]} {escape(card.name)}</span>')


def status_key(text: Text) -> str:
    keys = "".join(f'<span class="chip key {s}" style="--status:{c}">{SYMBOLS[s]} '
                   f'{escape(text.name("status", s))}</span>' for s, c in STATUS_COLOURS.items())
    return f'<div class="status-key">{keys}</div>'


def portfolio(models, titles: list[str], text: Text) -> str:
    """Apps by agency (OPD), one column per city; hover a name for its details."""
    by_city = [dict(readings.portfolio(m)) for m in models]
    head = "".join(f"<th>{escape(t)}</th>" for t in titles)
    rows = []
    for agency in by_city[0]:
        cells = "".join(f'<td>{"".join(_chip(c, agency, text) for c in city[agency])}</td>' for city in by_city)
        rows.append(f'<tr><th scope="row">{escape(agency)}</th>{cells}</tr>')
    return (f'<div class="card-title">{escape(text("portfolio.title"))}</div>{status_key(text)}'
            f'<table class="portfolio"><thead><tr><th>{escape(text("portfolio.agency"))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def closures(model, title: str, text: Text, limit: int = 40) -> str:
    """Closures so far, newest first, with their cause in plain words."""
    found = readings.closures(model)[::-1]
    items = "".join(f"<li><b>{text.month(c.month)}</b> {escape(c.app)}: {escape(_closure_text(c, text))}</li>"
                    for c in found[:limit])
    body = f"<ol>{items}</ol>" if items else f'<p>{escape(text("closure.none"))}</p>'
    return (f'<div class="closures" data-count="{len(found)}"><div class="card-title">{escape(title)} '
            f'({len(found)})</div>{body}</div>')
