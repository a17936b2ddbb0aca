"""What the project runs is what it declares and pins (issue 20, item 12): every import of
ours is a declared dependency, every dependency is pinned with its files' hashes in the
lock files the two README commands install from, the service's lock has no dev tool, and
the vendored Chart.js files match their checksums."""

from __future__ import annotations

import ast
import hashlib
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
VENDOR = ROOT / "budget" / "http" / "pages" / "static" / "vendor" / "chartjs"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)")
DEV_ONLY = ("budget/bench/", "budget/testing/")  # run from the dev virtualenv only


def declared(*extras: str) -> dict[str, Requirement]:
    lines = list(PYPROJECT["dependencies"])
    for extra in extras:
        lines += PYPROJECT["optional-dependencies"][extra]
    requirements = [Requirement(line) for line in lines]
    return {canonicalize_name(r.name): r for r in requirements}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "budget"}


def test_every_import_of_ours_is_a_declared_dependency() -> None:
    runtime, everything = set(declared()), set(declared("dev", "bench"))
    distributions = packages_distributions()
    undeclared = []
    for path in sorted((ROOT / "budget").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        allowed = everything if relative.startswith(DEV_ONLY) else runtime
        for module in sorted(imported(path)):
            names = {canonicalize_name(d) for d in distributions.get(module, [module])}
            if not names & allowed:
                undeclared.append(f"{relative}: {module} ({', '.join(sorted(names))})")
    assert not undeclared, "\n".join(undeclared)


def pins(lock: str) -> dict[str, tuple[str, int]]:
    """Package → (version, how many hashes) of a lock file."""
    found: dict[str, tuple[str, int]] = {}
    name = ""
    for line in (ROOT / "requirements" / lock).read_text(encoding="utf-8").splitlines():
        pin = PIN.match(line)
        if pin is not None:
            name = canonicalize_name(pin.group(1))
            found[name] = (pin.group(2), 0)
        elif "--hash=sha256:" in line and name:
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
    return found


def test_every_dependency_is_pinned_with_hashes_in_its_lock() -> None:
    for lock, requirements in [
        ("serve.lock", declared()),
        ("test.lock", declared("dev", "bench")),
    ]:
        pinned = pins(lock)
        assert pinned, lock
        unhashed = [name for name, (_, hashes) in pinned.items() if hashes == 0]
        assert not unhashed, f"{lock}: pinned without a hash: {unhashed}"
        for name, requirement in requirements.items():
            assert name in pinned, f"{lock} does not pin {name}"
            version = pinned[name][0]
            assert requirement.specifier.contains(version, prereleases=True), (lock, name)


def test_the_service_installs_no_dev_tool() -> None:
    serve = pins("serve.lock")
    dev_only = set(declared("dev", "bench")) - set(declared())
    # httpx and h11 are the service's too (its HTTP client; uvicorn's HTTP/1.1 parser): the
    # load generator's use of them adds nothing to what the service installs
    assert not dev_only & set(serve) - {"httpx", "h11"}, dev_only & set(serve)
    for tool in ("pytest", "mypy", "ruff", "hypothesis", "schemathesis", "playwright"):
        assert tool not in serve


def test_both_commands_install_only_from_their_lock_checking_hashes() -> None:
    shared = (ROOT / "scripts" / "venv.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in shared
    assert '-r "$lock"' in shared
    assert "--no-deps" in shared  # the project itself brings nothing the lock does not pin
    for script, lock in [("test", "test.lock"), ("serve", "serve.lock")]:
        text = (ROOT / "scripts" / script).read_text(encoding="utf-8")
        assert f'lock="$root/requirements/{lock}"' in text, script
        assert "source" in text
        assert "[dev]" not in text


def test_the_vendored_chart_js_files_match_their_checksums() -> None:
    listed = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split()
        listed[name.lstrip("*")] = digest
    files = {p.name for p in VENDOR.iterdir() if p.name not in {"SHA256SUMS", "README.md"}}
    assert set(listed) == files, "every vendored file has its checksum"
    for name, digest in listed.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    version = (VENDOR / "VERSION").read_text(encoding="ascii").strip()
    assert f"Chart.js v{version}" in (VENDOR / "chart.umd.min.js").read_text(encoding="utf-8")[:200]
