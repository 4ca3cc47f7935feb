#!/usr/bin/env bash
# make setup: the project's virtualenv, Odoo 18.0 and every requirement. Idempotent.
source "$(dirname "$0")/common.sh"
cd "$ROOT"

# 1. Python 3.10-3.12
PYTHON="${PYTHON:-}"
if [ -z "$PYTHON" ]; then
    for cand in python3.11 python3.12 python3.10 python3; do
        if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,12)))' 2>/dev/null; then
            PYTHON="$cand"; break
        fi
    done
fi
[ -n "$PYTHON" ] || die "Odoo 18.0 needs Python 3.10, 3.11 or 3.12, and none was found.
Install one of them (e.g. apt-get install python3.11 python3.11-venv) or name it in PYTHON=/path/to/python3.11."
"$PYTHON" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,12)))' \
    || die "$PYTHON is Python $("$PYTHON" -c 'import platform; print(platform.python_version())'); Odoo 18.0 needs 3.10, 3.11 or 3.12.
Set PYTHON=/path/to/python3.11 (or 3.10 / 3.12)."

# 2. Odoo 18.0 source: $ODOO_SRC, else the cache, else a shallow clone of the official repository.
SRC="$(odoo_src)"
if [ ! -f "$SRC/odoo-bin" ]; then
    if [ -n "${ODOO_SRC:-}" ]; then
        die "ODOO_SRC=$ODOO_SRC holds no Odoo source tree (no odoo-bin there).
Point ODOO_SRC at a checkout of Odoo 18.0 Community (git clone -b 18.0 $ODOO_REPO_URL)."
    fi
    say "cloning Odoo $ODOO_BRANCH into $SRC (shallow, a few minutes)"
    mkdir -p "$COOP_CACHE"
    rm -rf "$SRC.partial"
    if ! git clone -q --depth 1 --branch "$ODOO_BRANCH" "$ODOO_REPO_URL" "$SRC.partial"; then
        rm -rf "$SRC.partial"
        die "Odoo 18.0 source is missing and $ODOO_REPO_URL could not be cloned.
Provide it in one of two ways:
  - ODOO_SRC=/path/to/odoo-18.0 make setup   (any Odoo 18.0 Community source tree), or
  - put such a tree at $SRC (the cache every clone of coop on this machine uses)."
    fi
    mv "$SRC.partial" "$SRC"
fi
grep -q "^version_info = (18, 0" "$SRC/odoo/release.py" 2>/dev/null \
    || die "$SRC is not Odoo 18.0 (odoo/release.py says otherwise). Point ODOO_SRC at an Odoo 18.0 tree."

# 3. The virtualenv and the requirements, redone only when something they depend on changed.
if [ -x "$PY" ] && ! "$PY" -c 'import sys; sys.exit(not ((3,10) <= sys.version_info[:2] <= (3,12)))' 2>/dev/null; then
    rm -rf "$VENV"
fi
[ -x "$PY" ] || { say "creating the virtualenv $VENV ($PYTHON)"; "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv with $PYTHON (on Debian: apt-get install python3-venv)"; }
stamp="$VENV/.coop-setup"
want="$(cat requirements.txt requirements-coop.txt | sha1sum | cut -c1-40) $SRC"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python requirements"
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    mkdir -p "$LOCAL"
    piplog="$LOCAL/pip.log"; : > "$piplog"
    # pip's own output goes to .local/pip.log; on failure its tail is shown.
    pipq() {
        if ! "$PY" -m pip install -q "$@" >>"$piplog" 2>&1; then
            grep -v "is ignored: it is neither" "$piplog" | tail -25 >&2
            return 1
        fi
    }
    pipq --upgrade pip wheel setuptools || true
    pipq -r requirements.txt || die "pip could not install requirements.txt (see above)"
    # Odoo itself, editable in compat mode so that the odoo.addons namespace of the OCA wheels stays visible.
    pipq --no-deps -e "$SRC" --config-settings editable_mode=compat || die "pip could not install Odoo from $SRC"
    pipq -r requirements-coop.txt || die "pip could not install requirements-coop.txt (see above)"
    echo "$want" > "$stamp"
fi
write_config
say "setup done: Odoo $ODOO_BRANCH from $SRC, Python $("$PY" -c 'import platform; print(platform.python_version())') in $VENV"
