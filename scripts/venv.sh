# Sourced by scripts/test and scripts/serve: make sure the virtualenv `venv` exists (Python
# 3.11+) and holds exactly what the lock file `lock` pins, each file checked against its
# hash (pip --require-hashes), then the project itself (no dependency of its own: they are
# all in the lock). scripts/test: .venv from requirements/test.lock (with the dev tools);
# scripts/serve: .venv-serve from requirements/serve.lock (what the service needs only).
# Expects: root, venv, lock, stamp, say(), die().

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
    say "creating virtualenv ${venv#"$root/"} with $python ($("$python" --version 2>&1))"
    rm -f "$stamp"
    "$python" -m venv --clear "$venv" || die "could not create ${venv#"$root/"} with $python
(on Debian/Ubuntu: apt-get install -y python3-venv, or python3.X-venv for your version)"
fi
python_ok "$venv/bin/python" || die ".venv uses $("$venv/bin/python" --version 2>&1); Python 3.11 or
newer is required. Remove ${venv#"$root/"} and run the script again."

wanted="$("$venv/bin/python" -c 'import hashlib, sys
digest = hashlib.sha256()
for name in sys.argv[1:]:
    digest.update(open(name, "rb").read())
print(digest.hexdigest())' pyproject.toml "$lock")"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
    say "installing ${lock#"$root/"} (every file checked against its hash) and the project into ${venv#"$root/"}"
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --require-hashes \
        -r "$lock" ||
        die "could not install ${lock#"$root/"} into ${venv#"$root/"} (see above)"
    "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --no-deps \
        --no-build-isolation -e . || die "could not install the project into ${venv#"$root/"}"
    printf '%s\n' "$wanted" >"$stamp"
else
    say "${venv#"$root/"} is up to date with ${lock#"$root/"}"
fi
