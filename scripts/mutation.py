"""Sampled mutation testing of one module group with cosmic-ray (the ``mutation`` extra).

    scripts/mutation.sh MODULE [MUTANTS] [SUITE]     e.g. scripts/mutation.sh engine 40 after

MODULE is one of MODULES below; MUTANTS (default 40) are drawn with a fixed seed from the
mutants of the realistic operators (OPERATORS), so the same command tests the same mutants;
SUITE is ``after`` (default: every test file that covers the module), ``before`` (only the
files that existed before the behaviour tests; none can run the engine with its JIT off) or
``fast`` (only the added behaviour tests: a lower bound of ``after``'s score, for modules whose
older tests run whole simulations, such as compare's tests/test_compare.py).

Each mutant is applied in place to the source in this work tree, one at a time, and the
module's test files run against it (``test`` mode below); a failing test kills it. The engine
runs with numba's JIT disabled so every line is plain Python that a mutant can change, and a
mutant in one engine file runs the mechanism tests of that file. The frozen baseline snapshot
(tests/test_baseline.py) and the golden files are never among the tests, so they kill nothing.
Run it on a clean work tree and run nothing else from it meanwhile: the sources change under it.
The session and a list of the survivors with their diffs go to outputs/mutation/.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20241204

ENGINE_TESTS = {  # engine file -> the mechanism tests that state its rules
    "politics": ["politics", "strategies"], "launches": ["politics"], "national": ["politics"],
    "funding": ["resources"], "civil_service": ["resources"], "maintenance": ["resources"],
    "use": ["survival"], "survival": ["survival"], "strategies": ["strategies"], "events": ["politics", "survival"],
}
MODULES = {  # group -> (source files, test files before, test files added)
    "engine": ([f"binjai_sim/model/engine/{name}.py" for name in ENGINE_TESTS], [], []),
    "outcomes": (["binjai_sim/runs/outcomes.py"], ["tests/test_compare.py"], ["tests/test_verdict_rules.py"]),
    "compare": (["binjai_sim/analysis/compare.py"], ["tests/test_compare.py"], ["tests/test_compare_tables.py",
                                                                "tests/test_compare_runs.py",
                                                                "tests/test_verdict_rules.py"]),
    "overrides": (["binjai_sim/scenario/overrides.py"], ["tests/test_overrides.py"], ["tests/test_input_edges.py"]),
    "parsing": (["binjai_sim/scenario/spreadsheet.py", "binjai_sim/scenario/inventory.py",
                 "binjai_sim/base/calendar.py"], ["tests/test_inputs.py", "tests/test_calendar.py"],
                ["tests/test_input_edges.py"]),
    "outputs": (["binjai_sim/outputs/write.py"], ["tests/test_safety.py"],
                ["tests/test_input_edges.py", "tests/test_run_outputs.py"]),
}
# realistic slips: a flipped comparison, a swapped arithmetic operator, a changed constant, a
# dropped negation, a skipped loop. Shifts, bitwise operators on floats and removed decorators
# are left out (they fail at once or, with the JIT off, change nothing); the variable operators
# draw at random.
ARITHMETIC = ("Add", "Sub", "Mul", "Div")
OPERATORS = (
    *[f"core/ReplaceBinaryOperator_{a}_{b}" for a in ARITHMETIC for b in ARITHMETIC if a != b],
    "core/ReplaceComparisonOperator_", "core/NumberReplacer", "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue", "core/ReplaceAndWithOr", "core/ReplaceOrWithAnd", "core/AddNot",
    "core/ReplaceUnaryOperator_USub_UAdd", "core/ReplaceUnaryOperator_Delete_USub", "core/ZeroIterationForLoop",
    "core/ReplaceBreakWithContinue", "core/ReplaceContinueWithBreak", "core/ExceptionReplacer",
)


def tests_for(module: str, suite: str) -> list[str]:
    sources, before, added = MODULES[module]
    if module != "engine":
        if suite == "fast":  # the added behaviour tests alone: a lower bound of the score of "after"
            return added
        return (added if suite == "after" else []) + before  # the new tests first: -x stops at a kill sooner
    if suite == "before":
        return []
    changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--name-only", "--", *sources],
                             capture_output=True, text=True, check=True).stdout.split()
    names = [Path(p).stem for p in changed] or list(ENGINE_TESTS)
    files = dict.fromkeys(f"tests/test_mechanisms_{t}.py" for n in names for t in ENGINE_TESTS[n])
    return list(files)


def test(module: str, suite: str) -> int:
    """The test command cosmic-ray runs for each mutant: exit 0 means it survived."""
    files = tests_for(module, suite)
    if not files:
        print("no test file can run this module in this suite")
        return 0
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    if module == "engine":
        env["NUMBA_DISABLE_JIT"] = "1"
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:warnings", *files]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def run(module: str, mutants: int, suite: str) -> int:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    sources = MODULES[module][0]
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "binjai_sim"],
                           capture_output=True, text=True, check=True).stdout
    if dirty.strip():
        print(f"binjai_sim/ has uncommitted changes; commit or stash them first:\n{dirty}", file=sys.stderr)
        return 2
    folder = ROOT / "outputs" / "mutation"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / f"{module}-{suite}.toml"
    session = folder / f"{module}-{suite}.sqlite"
    command = f"{sys.executable} {Path(__file__).resolve()} test {module} {suite}"
    config.write_text(f'[cosmic-ray]\nmodule-path = {json.dumps(sources)}\ntimeout = 600.0\nexcluded-modules = []\n'
                      f'test-command = {json.dumps(command)}\n\n[cosmic-ray.distributor]\nname = "local"\n')
    if test(module, suite) != 0:
        print("the tests fail on the unmutated code", file=sys.stderr)
        return 2
    if session.exists():
        session.unlink()
    cr = [sys.executable, "-m", "cosmic_ray.cli"]
    subprocess.run([*cr, "init", str(config), str(session)], cwd=ROOT, check=True)
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = sorted(db.work_items, key=lambda w: (str(w.mutations[0].module_path), w.mutations[0].operator_name,
                                                     w.mutations[0].occurrence))
        eligible = [w for w in items if w.mutations[0].operator_name.startswith(OPERATORS)]
        chosen = {w.job_id for w in random.Random(SEED).sample(eligible, min(mutants, len(eligible)))}
        db.set_multiple_results([w.job_id for w in items if w.job_id not in chosen],
                                WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    subprocess.run([*cr, "exec", str(config), str(session)], cwd=ROOT, check=True)
    restored = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "binjai_sim"],
                              capture_output=True, text=True, check=True).stdout
    if restored.strip():
        print(f"WARNING: a mutant was left in place:\n{restored}", file=sys.stderr)
    with use_db(str(session), WorkDB.Mode.open) as db:
        done = [(w, r) for w, r in db.completed_work_items if r.worker_outcome != WorkerOutcome.SKIPPED]
    killed = [w for w, r in done if r.test_outcome in (TestOutcome.KILLED,) or r.worker_outcome == "timeout"]
    survived = [(w, r) for w, r in done if r.test_outcome == TestOutcome.SURVIVED]
    other = len(done) - len(killed) - len(survived)
    lines = [f"{w.mutations[0].module_path}:{w.mutations[0].start_pos[0]} {w.mutations[0].operator_name}"
             f" #{w.mutations[0].occurrence}\n{r.diff}" for w, r in sorted(survived, key=lambda x: str(x[0]))]
    (folder / f"{module}-{suite}-survivors.txt").write_text("\n".join(lines))
    scored = len(killed) + len(survived)
    score = len(killed) / scored if scored else float("nan")
    print(f"{module} ({suite}): {len(killed)} killed, {len(survived)} survived, {other} incompetent "
          f"of {len(done)} sampled mutants (of {len(eligible)} eligible): score {score:.0%}")
    print(f"survivors: {folder / f'{module}-{suite}-survivors.txt'}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "test":
        sys.exit(test(sys.argv[2], sys.argv[3]))
    args = sys.argv[1:]
    if not args or args[0] not in MODULES:
        print(f"usage: scripts/mutation.sh {{{','.join(MODULES)}}} [MUTANTS] [before|after|fast]", file=sys.stderr)
        sys.exit(2)
    sys.exit(run(args[0], int(args[1]) if len(args) > 1 else 40, args[2] if len(args) > 2 else "after"))
