"""`--lang {en,id}` is taken by every command and subcommand, and before the command too."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from binjai_sim.base.i18n import LANGS
from binjai_sim.interfaces.cli import COMMANDS, build_parser, choose_lang, commands, main, parse_args

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"  # its lang: is en


def _paths(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()):
    """Every command line that names a command, as its words: ("calibrate", "fit"), ("viz",)..."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*prefix, name), child
                yield from _paths(child, (*prefix, name))


def _lang_action(parser: argparse.ArgumentParser) -> argparse.Action | None:
    return next((a for a in parser._actions if "--lang" in a.option_strings), None)


PATHS = [words for words, _ in _paths(build_parser())]


def test_the_tree_holds_every_command_and_the_calibrate_kinds():
    assert {words[0] for words in PATHS} == set(COMMANDS)
    assert ("calibrate", "pooled-predict") in PATHS and ("viz",) in PATHS
    assert len(commands(build_parser())) == len({id(p) for _, p in _paths(build_parser())})


@pytest.mark.parametrize("words", PATHS, ids=" ".join)
def test_every_command_takes_lang_id(words):
    parser = dict(_paths(build_parser()))[words]
    action = _lang_action(parser)
    assert action is not None, f"`binjai-sim {' '.join(words)}` has no --lang"
    assert tuple(action.choices) == LANGS
    if not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):  # a group: its kinds are checked
        args = parser.parse_args([*_required(parser), "--lang", "id"])
        assert args.lang == "id"


def _required(parser: argparse.ArgumentParser) -> list[str]:
    """Placeholder values for a command's required arguments ("1" reads as a path and as a count)."""
    words: list[str] = []
    for action in parser._actions:
        if action.required:
            value = str(next(iter(action.choices))) if action.choices else "1"
            words += [*action.option_strings[:1], value]
    return words


@pytest.mark.parametrize("words", PATHS, ids=" ".join)
def test_the_parser_built_for_one_command_alone_takes_lang_too(words):
    # main() builds only the named command's options; its --lang must not depend on the full tree
    argv = [*words, "--lang", "id"]
    parser = dict(_paths(build_parser(argv, full=False)))[words]
    assert _lang_action(parser) is not None


def test_viz_and_pooled_predict_parse_with_lang_id():
    args = build_parser().parse_args(["viz", "--lang", "id", "--port", "0"])
    assert (args.lang, args.port) == ("id", 0)
    args = build_parser().parse_args(["calibrate", "pooled-predict", "s.yaml", "--lang", "id"])
    assert (args.calibrate_command, args.lang, choose_lang(args)) == ("pooled-predict", "id", "id")


def test_lang_before_the_command_is_kept_and_the_command_s_own_wins():
    args = parse_args(["--lang", "id", "run", str(BASELINE)])
    assert (args.command, args.lang, choose_lang(args)) == ("run", "id", "id")
    assert not hasattr(args, "top_lang")  # the commands read args.lang only
    assert parse_args(["--lang", "id", "run", str(BASELINE), "--lang", "en"]).lang == "en"
    assert parse_args(["--lang", "en", "validate", str(BASELINE), "--lang", "id"]).lang == "id"
    assert parse_args(["--lang=id", "calibrate", "taught", "t.csv"]).lang == "id"


def test_either_lang_wins_over_the_scenario_s_lang():
    assert choose_lang(parse_args(["validate", str(BASELINE)])) == "en"
    assert choose_lang(parse_args(["--lang", "id", "validate", str(BASELINE)])) == "id"


def test_top_level_lang_id_help_speaks_bahasa_and_exits_0(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "id", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("penggunaan: binjai-sim") and "pilihan:" in out and "usage:" not in out


def test_help_speaks_the_last_lang_given(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "validate", "--lang", "id", "--help"])
    assert capsys.readouterr().out.startswith("penggunaan: binjai-sim validate")


@pytest.mark.parametrize("argv", [["--lang", "fr", "--help"], ["--lang", "fr", "run", "x.yaml"],
                                  ["viz", "--lang", "fr"], ["calibrate", "pooled-predict", "s.yaml", "--lang", "fr"]])
def test_a_bad_lang_is_refused_naming_the_allowed_values(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--lang" in err and "'fr'" in err and "'en', 'id'" in err


def test_viz_lang_sets_the_page_s_start_language(monkeypatch):
    from binjai_sim.interfaces.workshop import folder

    monkeypatch.delenv(folder.LANG_ENV, raising=False)
    assert folder.start_lang() == "id"
    monkeypatch.setenv(folder.LANG_ENV, "en")
    assert folder.start_lang() == "en"
    monkeypatch.setenv(folder.LANG_ENV, "<b>")
    assert folder.start_lang() == "id"


@pytest.mark.parametrize(("argv", "expected"), [(["viz", "--lang", "en"], "en"), (["--lang", "en", "viz"], "en"),
                                                (["viz"], None)])
def test_viz_hands_its_lang_to_the_server(argv, expected, monkeypatch):
    import subprocess

    from binjai_sim.base import extras
    from binjai_sim.interfaces.workshop import folder

    seen = {}

    class Exited:  # a server that stops at once: only the environment it was given matters here
        def __init__(self, command, env, **_):
            seen.update(env)

        def poll(self):
            return 0

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(extras, "require", lambda name: None)
    monkeypatch.setattr(subprocess, "Popen", Exited)
    monkeypatch.setenv(folder.LANG_ENV, "id")  # one left in this shell is never passed on
    assert main([*argv, "--port", "1"]) == 0
    assert seen.get(folder.LANG_ENV) == expected


def test_a_command_speaks_the_lang_given_before_it(capsys):
    assert main(["--lang", "id", "validate", str(BASELINE)]) == 0
    assert "skenario 'binjai_baseline'" in capsys.readouterr().out
    assert main(["--lang", "id", "validate", str(BASELINE), "--lang", "en"]) == 0
    assert "scenario 'binjai_baseline'" in capsys.readouterr().out
