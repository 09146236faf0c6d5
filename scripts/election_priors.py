"""Beta priors on who wins a regional election, from the 2015 simultaneous elections.

    python scripts/election_priors.py            # print the counts and the Beta parameters
    python scripts/election_priors.py --check    # exit 1 if calibration/priors.yaml holds other values
    python scripts/election_priors.py --source ../shared/data/regions/covariates/pilkada_2015_2024.csv --write
        # re-read the covariates table: rewrite the shipped extract and the two priors

The shipped extract (calibration/observed/pilkada_2015.csv) is the 2015 rows of the regions'
covariates table (pilkada_2015_2024.csv: winners summed from the scraped polling-station forms
of pemiluAPI/pemilu-data@c40bfc5, incumbency read from the KPU candidate registry's occupation
text), with the columns used here and each row's source. Its caveats, from that table's README:
the sums are not the official recapitulation, and an incumbent is detected only when the
registered occupation names the office, so incumbents are undercounted; re-votes and court
rulings are not reflected. The 2024 rows carry no incumbency flag and are not used.

Two priors, each Beta(1 + wins, 1 + losses): the counts on a uniform Beta(1, 1) start
(ASSUMPTION: no other prior knowledge is claimed).
- politics.incumbent_win_prob: races where the sitting head ran and the winner is known.
- politics.successor_win_prob: races where the sitting head did not run but the deputy ran for
  head, and the winner is known: did the deputy's pair win? ASSUMPTION: the deputy's race stands
  for the outgoing head's camp, and a term-limited head's camp always fields a candidate (the
  model draws this chance at every term-limited election). Camp candidates who were neither the
  head nor the deputy (a spouse, a party cadre) are not detectable, so the share of all races
  without the head in which the head's or deputy's pair won is printed as a lower bound.
The 2015 data do not say which heads who did not run were term-limited.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT / "calibration" / "observed" / "pilkada_2015.csv"
PRIORS = ROOT / "calibration" / "priors.yaml"
COLUMNS = ("region", "year", "election_id", "winner_no", "incumbent_head_ran", "incumbent_deputy_ran_as_head",
           "incumbent_won", "incumbent_or_deputy_in_winning_pair", "source")
KEYS = ("politics.incumbent_win_prob", "politics.successor_win_prob")


@dataclass(frozen=True)
class Counts:
    races: int  # 2015 races in the table
    incumbent_ran: int  # the sitting head ran and the winner is known
    incumbent_won: int
    head_absent: int  # the sitting head did not run and the winner is known
    camp_won: int  # ... and the head's or the deputy's pair won (a lower bound on the camp's wins)
    deputy_ran: int  # ... and the deputy ran for head
    deputy_won: int

    def betas(self) -> dict[str, tuple[int, int]]:
        return {KEYS[0]: (1 + self.incumbent_won, 1 + self.incumbent_ran - self.incumbent_won),
                KEYS[1]: (1 + self.deputy_won, 1 + self.deputy_ran - self.deputy_won)}


class Refused(Exception):
    """Input this script cannot use: the message names the file and what it needs."""


def read_rows(path: Path) -> list[dict]:
    """The 2015 rows of the covariates table or of the shipped extract."""
    if not path.is_file():
        raise Refused(f"{path}: file not found (the covariates table pilkada_2015_2024.csv)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        rows = [] if missing else [row for row in reader if row["year"] == "2015"]
    if missing or not rows:
        raise Refused(f"{path}: not the pilkada covariates table: it needs 2015 rows and the columns "
                      f"{', '.join(COLUMNS)}; missing: {', '.join(missing) or 'every 2015 row'}")
    return rows


def counts(rows: list[dict]) -> Counts:
    known = [r for r in rows if r["winner_no"] != ""]
    ran = [r for r in known if r["incumbent_head_ran"] == "True" and r["incumbent_won"] in ("True", "False")]
    absent = [r for r in known if r["incumbent_head_ran"] == "False"]
    deputy = [r for r in absent if r["incumbent_deputy_ran_as_head"] == "True"]
    in_winning = "incumbent_or_deputy_in_winning_pair"
    return Counts(races=len(rows), incumbent_ran=len(ran), incumbent_won=sum(r["incumbent_won"] == "True" for r in ran),
                  head_absent=len(absent), camp_won=sum(r[in_winning] == "True" for r in absent),
                  deputy_ran=len(deputy), deputy_won=sum(r[in_winning] == "True" for r in deputy))


def report(c: Counts) -> str:
    betas = c.betas()
    lines = [f"2015 regional elections in the table: {c.races}",
             f"sitting head ran, winner known: {c.incumbent_ran}; the head won {c.incumbent_won} "
             f"({c.incumbent_won / c.incumbent_ran:.3f})",
             f"sitting head did not run, winner known: {c.head_absent}; the head's or deputy's pair won {c.camp_won} "
             f"({c.camp_won / c.head_absent:.3f}: a lower bound on the camp's wins)",
             f"  of which the deputy ran for head: {c.deputy_ran}; the deputy won {c.deputy_won} "
             f"({c.deputy_won / c.deputy_ran:.3f})"]
    for key, (a, b) in betas.items():
        lines.append(f"{key}: Beta({a}, {b}), mean {a / (a + b):.3f}")
    return "\n".join(lines)


def priors_text(text: str, betas: dict[str, tuple[int, int]]) -> str:
    """``text`` (calibration/priors.yaml) with the two keys' shapes set; the comments are kept."""
    for key, (a, b) in betas.items():
        pattern = re.compile(rf"^({re.escape(key)}: \{{kind: beta, a: )[0-9.]+(, b: )[0-9.]+(\}})", re.M)
        if not pattern.search(text):
            raise Refused(f"{PRIORS}: {key}: no line '{key}: {{kind: beta, a: ..., b: ...}}' to update")
        text = pattern.sub(rf"\g<1>{a}\g<2>{b}\g<3>", text)
    return text


def extract_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def replace(path: Path, text: str) -> None:
    """Write beside, then rename: a failed write leaves the old file whole."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=EXTRACT,
                        help="the covariates table pilkada_2015_2024.csv (default: the shipped 2015 extract)")
    parser.add_argument("--check", action="store_true", help="exit 1 if calibration/priors.yaml holds other shapes")
    parser.add_argument("--write", action="store_true", help="rewrite the extract and the two priors")
    args = parser.parse_args(argv)
    try:
        rows = read_rows(args.source)
        found = counts(rows)
        text = PRIORS.read_text(encoding="utf-8")
        wanted = priors_text(text, found.betas())
    except Refused as exc:
        print(exc, file=sys.stderr)
        return 2
    print(report(found))
    if args.write:
        if args.source.resolve() != EXTRACT.resolve():
            replace(EXTRACT, extract_text(rows))
        replace(PRIORS, wanted)
        print(f"wrote {EXTRACT} and {PRIORS}")
    elif args.check and wanted != text:
        print(f"{PRIORS} is out of date: run scripts/election_priors.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
