"""Mutation testing of the rules: does a test fail when a rule is broken?

``scripts/mutation`` runs this module. mutmut 3 copies ``budget/`` into ``mutants/``, changes the
domain's code one small edit at a time (``<`` for ``<=``, ``and`` for ``or``, a constant, a
dropped argument ...) and runs, for each such mutant, the deterministic in-memory tests that reach
the function it changed (``[tool.mutmut]`` in pyproject.toml says which). A mutant that no test
notices *survived*: a rule could be broken without the suite saying so.

The score counts what the tests caught::

    mutation_score = (killed + timeouts) / (killed + timeouts + survived + untested) * 100

where *untested* mutants sit in functions no selected test reaches, and survivors listed in
``tests/equivalent_mutants.toml`` (each with the reason no test can tell it from the original)
are left out. Every run starts from scratch (``mutants/`` removed), so the figure never mixes
results of older code or tests. Outputs:

- the tool's own summary line and the table per module, for people;
- one JSON line per figure: ``{"metric", "value", "unit", "scope"}``;
- ``artifacts/mutation/survivors.txt`` (every survivor with its diff), ``survivors.json``,
  ``equivalent.txt`` (the listed mutants that survived, with their reasons) and ``mutmut.log``.

Figures are given per scope (the package under ``budget/`` a mutant is in). mutmut 3 leaves
decorated functions alone (``@event``, ``@property``, the application's ``@handles`` handlers),
so the rules' arithmetic and checks live in plain methods. ``--quick`` mutates only the payment
and ledger modules. Not part of ``scripts/test``: a full
run is minutes of both cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "mutants"
ARTIFACTS = ROOT / "artifacts" / "mutation"
EQUIVALENT_FILE = ROOT / "tests" / "equivalent_mutants.toml"

# The modules of payments and the line ledger (--quick). Mutant names start with the module.
QUICK_MODULES = (
    "budget.domain.project",
    "budget.domain.project_payments",
    "budget.domain.project_steps",
    "budget.domain.project_end",
    "budget.domain.budget",
    "budget.domain.budget_changes",
    "budget.domain.budget_enactment",
    "budget.domain.budget_spending",
    "budget.domain.line_ledger",
    "budget.domain.before_enactment",
    "budget.domain.carry_over",
    "budget.domain.contract_terms",
    "budget.domain.contract_amendments",
    "budget.domain.project_money",
)

# mutmut's exit codes of a mutant's test run, as it reads them (mutmut/stats.py).
KILLED = {1, 3}
SURVIVED = {0}
UNTESTED = {5, 33}
TIMEOUT = {36, -24, 24, 152, 255}
NOT_RUN = {None, 2, 34}  # not checked, interrupted, skipped


@dataclass(frozen=True, slots=True)
class Equivalent:
    """A survivor no test can kill: the mutated function, its changed lines and why."""

    mutant: str
    change: str
    reason: str

    @property
    def function(self) -> str:
        return function_of(self.mutant)


@dataclass(slots=True)
class Tally:
    killed: int = 0
    timeouts: int = 0
    survived: int = 0
    untested: int = 0
    equivalent: int = 0
    other: Counter[str] = field(default_factory=Counter)

    @property
    def caught(self) -> int:
        return self.killed + self.timeouts

    @property
    def counted(self) -> int:
        return self.caught + self.survived + self.untested

    @property
    def score(self) -> float:
        return 100.0 * self.caught / self.counted if self.counted else 0.0


def function_of(mutant: str) -> str:
    """`budget.domain.money.x_baht__mutmut_12` -> `budget.domain.money.x_baht`."""
    return re.sub(r"__mutmut_\d+$", "", mutant)


def module_of(mutant: str) -> str:
    """The dotted module a mutant lives in (mutmut's names: module.x_func or module.xǁClassǁm)."""
    return re.sub(r"\.x(_|ǁ).*$", "", mutant)


def changed_lines(diff: str) -> str:
    """The lines a mutant put in, stripped: what identifies it when mutmut renumbers mutants."""
    added = [
        line[1:].strip() for line in diff.splitlines() if line.startswith("+") and line[1:2] != "+"
    ]
    return "\n".join(added)


def load_equivalents(path: Path = EQUIVALENT_FILE) -> list[Equivalent]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = []
    for number, entry in enumerate(data.get("equivalent", []), start=1):
        missing = {"mutant", "change", "reason"} - entry.keys()
        if missing or not str(entry.get("reason", "")).strip():
            raise SystemExit(
                f"{path.name}: entry {number} needs mutant, change and a reason ({sorted(missing)})"
            )
        entries.append(Equivalent(entry["mutant"], entry["change"].strip(), entry["reason"]))
    return entries


def run_mutmut(patterns: Sequence[str], max_children: int, log: Path) -> int:
    """`mutmut run` from scratch; its progress (a spinner) goes to `log`."""
    shutil.rmtree(MUTANTS, ignore_errors=True)
    command = [
        str(Path(sys.executable).with_name("mutmut")),
        "run",
        "--max-children",
        str(max_children),
        *patterns,
    ]
    with log.open("w", encoding="utf-8") as out:
        return subprocess.run(
            command, check=False, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        ).returncode


def tool_summary(log: Path) -> list[str]:
    """mutmut's last status line and its rate, out of the spinner's output."""
    text = log.read_text(encoding="utf-8", errors="replace")
    statuses = re.findall(r"\d+/\d+\s+🎉[^⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏\n\r]*", text)
    lines = [statuses[-1].strip()] if statuses else []
    lines += re.findall(r"^.*mutations/second.*$", text, flags=re.MULTILINE)
    return lines


def results() -> dict[str, int | None]:
    """Every mutant's exit code, from mutmut's .meta files."""
    codes: dict[str, int | None] = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


def diff_of(mutant: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    path = Path(*module_of(mutant).split(".")).with_suffix(".py")
    return get_diff_for_mutant(mutant, path=path)


def scope_of(mutant: str) -> str:
    return "/".join(mutant.split(".")[:2])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="only the payment and ledger modules (a few minutes)"
    )
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once")
    parser.add_argument(
        "--fail-under", type=float, default=None, help="exit 1 when a scope scores below this %%"
    )
    parser.add_argument(
        "--no-run",
        action="store_true",
        help="score the last run's mutants again (after editing tests/equivalent_mutants.toml)",
    )
    args = parser.parse_args(argv)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = ARTIFACTS / "mutmut.log"
    if not args.no_run:
        patterns = [f"{module}.*" for module in QUICK_MODULES] if args.quick else []
        returncode = run_mutmut(patterns, args.max_children, log)
        if returncode != 0:
            say(
                f"scripts/mutation: mutmut run failed (exit {returncode}); see {log}",
                stream=sys.stderr,
            )
            return returncode
    for line in tool_summary(log):
        say(line)

    os.chdir(ROOT)  # mutmut's helpers read ./mutants and pyproject.toml
    equivalents = load_equivalents()
    outcome = classify(results(), equivalents)
    write_artifacts(outcome)
    print_table(outcome.per_module, outcome.per_scope)
    for scope, tally in sorted(outcome.per_scope.items()):
        for line in figure_lines(scope, tally):
            say(line)
    for entry in outcome.stale:
        say(f"stale equivalent entry (not a survivor now): {entry.mutant}", stream=sys.stderr)
    say(f"survivors: {ARTIFACTS / 'survivors.txt'}", stream=sys.stderr)
    if args.fail_under is not None and any(
        t.score < args.fail_under for t in outcome.per_scope.values()
    ):
        return 1
    return 0


@dataclass(slots=True)
class Outcome:
    per_scope: dict[str, Tally] = field(default_factory=dict)
    per_module: dict[str, Tally] = field(default_factory=dict)
    survivors: list[tuple[str, str, str]] = field(default_factory=list)  # name, status, diff
    matched: list[tuple[Equivalent, str]] = field(default_factory=list)  # entry, diff
    stale: list[Equivalent] = field(default_factory=list)


def classify(codes: dict[str, int | None], equivalents: list[Equivalent]) -> Outcome:
    """Count each mutant that ran as killed, timeout, survived, untested or equivalent."""
    by_function: dict[str, list[Equivalent]] = {}
    for entry in equivalents:
        by_function.setdefault(entry.function, []).append(entry)
    outcome = Outcome()
    for name, code in sorted(codes.items(), key=lambda item: item[0]):
        if code in NOT_RUN:
            continue
        if code in KILLED:
            kind = "killed"
        elif code in TIMEOUT:
            kind = "timeouts"
        elif code in SURVIVED or code in UNTESTED:
            diff = diff_of(name)
            change = changed_lines(diff)
            candidates = by_function.get(function_of(name), [])
            found = next((e for e in candidates if e.change == change), None)
            if found is not None and code in SURVIVED:
                kind = "equivalent"
                outcome.matched.append((found, diff))
            else:
                kind = "survived" if code in SURVIVED else "untested"
                outcome.survivors.append((name, kind, diff))
        else:
            kind = "other"
        for tally in (
            outcome.per_scope.setdefault(scope_of(name), Tally()),
            outcome.per_module.setdefault(module_of(name), Tally()),
        ):
            if kind == "other":
                tally.other[str(code)] += 1
            else:
                setattr(tally, kind, getattr(tally, kind) + 1)
    used = {entry for entry, _ in outcome.matched}
    outcome.stale = [e for e in equivalents if e not in used]
    return outcome


def say(text: str, *, stream: TextIO | None = None) -> None:
    """A line for the person at the terminal (stdout unless told)."""
    (stream or sys.stdout).write(text + "\n")


def figure_lines(scope: str, tally: Tally) -> Iterable[str]:
    figures = [
        ("mutation_score", round(tally.score, 1), "%"),
        ("killed", tally.killed, "mutants"),
        ("survived", tally.survived, "mutants"),
        ("timeouts", tally.timeouts, "mutants"),
        ("untested", tally.untested, "mutants"),
        ("equivalent", tally.equivalent, "mutants"),
    ]
    for metric, value, unit in figures:
        yield json.dumps({"metric": metric, "value": value, "unit": unit, "scope": scope})


def print_table(per_module: dict[str, Tally], tallies: dict[str, Tally]) -> None:
    header = (
        f"{'module':<36} {'killed':>7} {'timeout':>7} {'survived':>8} {'untested':>8} "
        f"{'equiv':>5} {'score':>6}"
    )
    say(header)
    say("-" * len(header))
    rows = sorted(per_module.items()) + [(f"{s} (all)", t) for s, t in sorted(tallies.items())]
    for name, t in rows:
        say(
            f"{name:<36} {t.killed:>7} {t.timeouts:>7} {t.survived:>8} {t.untested:>8} "
            f"{t.equivalent:>5} {t.score:>5.1f}%"
        )


def write_artifacts(outcome: Outcome) -> None:
    survivors, matched, stale = outcome.survivors, outcome.matched, outcome.stale
    with (ARTIFACTS / "survivors.txt").open("w", encoding="utf-8") as out:
        out.write(f"# {len(survivors)} mutants no test noticed\n\n")
        for name, kind, diff in survivors:
            out.write(f"## {name} ({kind})\n{diff}\n\n")
    (ARTIFACTS / "survivors.json").write_text(
        json.dumps(
            [{"mutant": n, "status": k, "change": changed_lines(d)} for n, k, d in survivors],
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    with (ARTIFACTS / "equivalent.txt").open("w", encoding="utf-8") as out:
        out.write(f"# {len(matched)} survivors left out of the score as equivalent\n\n")
        for entry, diff in matched:
            out.write(f"## {entry.mutant}\n# {entry.reason}\n{diff}\n\n")
        for entry in stale:
            out.write(f"## STALE {entry.mutant}: no surviving mutant makes this change now\n")


if __name__ == "__main__":
    sys.exit(main())
