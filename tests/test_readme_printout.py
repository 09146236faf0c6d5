"""The baseline printout quoted in README.md and docs/quickstart.md is what the main job prints:
a refit or a model change that moves it makes the docs say so (scripts/refresh_baseline.py)."""

from binjai_sim.interfaces.cli import main

from .conftest import ROOT


def _quoted(page: str) -> list[str]:
    text = (ROOT / page).read_text(encoding="utf-8")
    start = text.index("```\nBinjai (binjai_baseline)") + 4
    return text[start:text.index("```", start)].rstrip("\n").splitlines()


def test_the_quoted_baseline_printout_is_what_the_main_job_prints(tmp_path, capsys):
    assert main(["run", str(ROOT / "scenarios" / "binjai_baseline.yaml"), "--out", str(tmp_path), "--lang", "en",
                 "--no-figures"]) == 0
    printed = capsys.readouterr().out.splitlines()
    for page in ("README.md", "docs/quickstart.md"):
        quoted = _quoted(page)
        assert printed[:len(quoted)] == quoted, page
