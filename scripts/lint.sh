#!/usr/bin/env bash
# make lint: ruff over everything, pylint-odoo's checks over the addons.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
"$VENV/bin/ruff" check addons telegram_bridge tests scripts
"$VENV/bin/pylint" --rcfile=.pylintrc addons/coop_* 
