#!/usr/bin/env bash
# make test: every coop test on a fresh throw-away database, then pytest, then one summary line.
#   ADDONS=coop_circles,coop_crm make test   limits the Odoo part to those addons (and what they need)
#   PYTEST=0 make test                        skips the pytest part; ODOO_TESTS=0 skips the Odoo part
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
ensure_postgres
write_config

ADDONS_GIVEN="${ADDONS:-}"
ADDONS="${ADDONS:-coop_base,$COOP_ADDONS,coop_i18n}"
TAGS="$(echo "$ADDONS" | sed 's/\([^,]*\)/\/\1/g')"
LOGDIR="$LOCAL/test-logs"; mkdir -p "$LOGDIR"
passed=0; failed=0; status=0

if [ "${ODOO_TESTS:-1}" != 0 ]; then
    ensure_deb chromium chromium "the browser tours run in headless Chromium"
    DB="coop_test_$(date +%s)_$$"
    LOG="$LOGDIR/odoo-$DB.log"
    trap 'PGPASSWORD="$COOP_DB_PASSWORD" dropdb -w -U "$COOP_DB_USER" --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
    say "installing $ADDONS on a fresh database $DB and running their tests (log: $LOG)"
    # Russian is loaded, as on the databases people use, and the browser tours run as Russian-speaking
    # users (coop_base/tests/tour.py). English stays the default language of new users (the first
    # language given becomes it), so the other tests run as users of the source language.
    set +e
    odoo -d "$DB" -i "$ADDONS" --load-language=en_US,ru_RU --test-enable --test-tags "$TAGS" --stop-after-init \
        --http-port "${COOP_TEST_HTTP_PORT:-8169}" --log-level=test --max-cron-threads=0 > "$LOG" 2>&1
    rc=$?
    set -e
    # What Odoo counted, and what it would not count as a failure.
    summary="$(grep -a "when loading database" "$LOG" | tail -1 | sed 's/.*odoo.tests.result: //')"
    run=$(echo "$summary" | sed -n 's/.* of \([0-9]*\) tests.*/\1/p'); run=${run:-0}
    nfail=$(echo "$summary" | sed -n 's/^\([0-9]*\) failed.*/\1/p'); nfail=${nfail:-0}
    nerr=$(echo "$summary" | sed -n 's/.* \([0-9]*\) error(s).*/\1/p'); nerr=${nerr:-0}
    nskip=$(grep -a -c "odoo.addons.coop_[a-z_]*.tests.* skipped\|: skipped odoo.addons.coop_" "$LOG" || true)
    # Errors outside any test (a module that fails to load, a broken view, a failed data file).
    nload=$(grep -a -E " (ERROR|CRITICAL) " "$LOG" | grep -a -v "odoo.addons.coop_[a-z_]*.tests\|odoo.tests.result\|odoo.modules.loading: Module .* failures" | grep -c . || true)
    grep -a -E " (ERROR|CRITICAL|WARNING) .*(odoo.addons.coop_|FAIL|Traceback)| ERROR | CRITICAL " "$LOG" | head -40 || true
    bad=$((nfail + nerr + nskip))
    if [ "$run" = 0 ]; then
        echo "Odoo ran no coop test (exit $rc): see $LOG"; tail -30 "$LOG"; bad=$((bad + 1))
    fi
    [ "$nskip" = 0 ] || echo "$nskip coop test(s) were skipped (a tour without Chromium or websocket-client?): counted as failures"
    [ "$nload" = 0 ] || { echo "$nload error(s) logged outside the tests: counted as failures"; bad=$((bad + nload)); }
    [ "$rc" = 0 ] || [ "$bad" -gt 0 ] || { echo "Odoo exited with $rc"; bad=1; }
    echo "Odoo: $summary; $nskip skipped"
    passed=$((passed + run - nfail - nerr - nskip)); [ "$passed" -ge 0 ] || passed=0
    failed=$((failed + bad))
    ln -sf "$(basename "$LOG")" "$LOGDIR/odoo.log"
    PGPASSWORD="$COOP_DB_PASSWORD" dropdb -w -U "$COOP_DB_USER" --if-exists "$DB" >/dev/null 2>&1 || true
    trap - EXIT
fi

if [ "${PYTEST:-1}" != 0 ]; then
    ensure_deb docker-compose docker-compose "the deployment test validates docker-compose.yml with it"
    say "pytest: telegram_bridge/ and tests/"
    set +e
    "$PY" -m pytest -q -p no:cacheprovider --junitxml="$LOGDIR/pytest.xml" telegram_bridge tests 2>&1 | tee "$LOGDIR/pytest.log"
    prc=${PIPESTATUS[0]}
    set -e
    if [ -f "$LOGDIR/pytest.xml" ]; then
        read -r pt pf pe ps < <("$PY" - "$LOGDIR/pytest.xml" <<'PYX'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
t = sum(int(s.get("tests", 0)) for s in suites)
f = sum(int(s.get("failures", 0)) for s in suites)
e = sum(int(s.get("errors", 0)) for s in suites)
k = sum(int(s.get("skipped", 0)) for s in suites)
print(t, f, e, k)
PYX
)
        passed=$((passed + pt - pf - pe - ps)); failed=$((failed + pf + pe + ps))
        [ "$ps" = 0 ] || echo "$ps pytest test(s) were skipped: counted as failures"
    fi
    # 5 = no tests collected; anything else non-zero with no counted failure is still a failure.
    if [ "$prc" != 0 ] && [ "$prc" != 5 ] && [ "$failed" = 0 ]; then failed=1; fi
fi

if [ "${LINT:-1}" != 0 ] && [ -z "${ADDONS_GIVEN:-}" ]; then
    if ! bash scripts/lint.sh >"$LOGDIR/lint.log" 2>&1; then
        echo "lint failed:"; tail -40 "$LOGDIR/lint.log"; failed=$((failed + 1))
    else
        echo "lint: clean"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
