#!/usr/bin/env bash
# make bench: every benchmark in tests/bench/ (bench_*.py), one after the other. Each builds its own
# database, measures, prints its figures (medians, ratios) and drops what it made.
#   BENCH=crm make bench   runs only the benchmarks whose file name contains "crm".
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
ensure_postgres
write_config
export COOP_ODOO_CONF="$LOCAL/odoo.conf" ODOO_SRC="$(odoo_src)" COOP_ROOT="$ROOT"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), Python $("$PY" -c 'import platform; print(platform.python_version())'), PostgreSQL $(psql -V | awk '{print $3}')"
rc=0
for b in tests/bench/bench_*"${BENCH:-}"*.py; do
    [ -f "$b" ] || continue
    say "$b"
    "$PY" "$b" || rc=1
done
exit $rc
