# Sourced by scripts/test and scripts/serve: make sure .venv at the project root exists
# (Python 3.11+) and holds the project installed from the current pyproject.toml.
# Expects: root, venv, stamp, say(), die().

python_ok() { # python_ok PYTHON: is it Python 3.11 or newer?
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

# --- virtualenv ------------------------------------------------------------------------------
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
    python=""
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            python="$(command -v "$candidate")"
            break
        fi
    done
    [[ -n "$python" ]] || die "Python 3.11 or newer is required (tried python3.13, python3.12,
python3.11, python3). Install it, e.g. on Debian/Ubuntu: apt-get install -y python3 python3-venv"
    say "creating virtualenv .venv with $python ($("$python" --version 2>&1))"
    rm -f "$stamp"
    "$python" -m venv --clear "$venv" || die "could not create .venv with $python
(on Debian/Ubuntu: apt-get install -y python3-venv, or python3.X-venv for your version)"
fi
python_ok "$venv/bin/python" || die ".venv uses $("$venv/bin/python" --version 2>&1); Python 3.11 or
newer is required. Remove .venv and run scripts/test again."

wanted="$("$venv/bin/python" -c 'import hashlib, sys
print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' pyproject.toml)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    say "installing the project and its dev tools into .venv (pyproject.toml changed or new .venv)"
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -e '.[dev]'
    printf '%s\n' "$wanted" >"$stamp"
else
    say ".venv is up to date with pyproject.toml"
fi
