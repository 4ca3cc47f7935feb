#!/usr/bin/env bash
# make bench: every benchmark in tests/bench/ (bench_*.py), one after the other. Each builds its own
# database, measures its figures and those of its peer (plain Odoo on the same data, same run),
# prints them and drops what it made; one table of every figure closes the run.
#   BENCH=crm make bench   runs only the benchmarks whose file name contains "crm".
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
ensure_postgres
write_config
export COOP_ODOO_CONF="$LOCAL/odoo.conf" ODOO_SRC="$(odoo_src)" COOP_ROOT="$ROOT"
# every benchmark adds its rows (figure, peer, ratio, goal) to one table printed at the end
BENCH_TABLE="$(mktemp)"
export BENCH_TABLE
trap 'rm -f "$BENCH_TABLE"' EXIT
rc=0
for b in tests/bench/bench_*"${BENCH:-}"*.py; do
    [ -f "$b" ] || continue
    say "$b"
    "$PY" "$b" || rc=1
done
say "peer (plain Odoo) and ours, measured in the same run"
"$PY" tests/bench/benchlib.py table "$BENCH_TABLE"
exit $rc
