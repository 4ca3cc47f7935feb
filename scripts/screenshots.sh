#!/usr/bin/env bash
# make screenshots: PNGs of the main screens (desktop and phone) into docs/screenshots/, taken in
# headless Chromium as the demo users.
#   By default on a throw-away database with every coop addon, the demo data and Russian, made
#   afresh (so the pictures show the demo of this checkout) and dropped at the end.
#   SCREENSHOTS_DB=coop make screenshots   takes them on an existing database (e.g. make run's) as is.
#   SCREENS="crm-leads portal-servicedesk" make screenshots   only those screens.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh >/dev/null
ensure_postgres
ensure_deb chromium chromium "the screenshots are taken in headless Chromium"
write_config
export PGPASSWORD="$COOP_DB_PASSWORD"
PORT="${COOP_SCREENSHOTS_HTTP_PORT:-8285}"

if [ -n "${SCREENSHOTS_DB:-}" ]; then
    DB="$SCREENSHOTS_DB"
    psql -w -U "$COOP_DB_USER" -d "$DB" -Atc 'select 1' >/dev/null 2>&1 || die "no database $DB"
else
    DB="coop_screenshots_$$"
    trap 'dropdb -w -U "$COOP_DB_USER" --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
    say "creating $DB with every coop addon, the demo data and Russian (a few minutes)"
    odoo -d "$DB" -i "coop_base,$COOP_ADDONS" --load-language=ru_RU --stop-after-init --log-level=warn \
        --http-port "$PORT" --max-cron-threads=0 || die "installing the coop addons into $DB failed"
    # As make run: the demo speaks Russian, the administrator too.
    psql -w -U "$COOP_DB_USER" -d "$DB" -qc "update res_partner set lang='ru_RU' where id in (select partner_id from res_users where login='admin')"
fi

say "serving $DB on port $PORT"
LOG="$LOCAL/screenshots-odoo.log"
# odoo-bin itself in the background (not the shell function), so that its PID is the server's
"$PY" "$(odoo_src)/odoo-bin" -c "$LOCAL/odoo.conf" -d "$DB" --db-filter="^$DB\$" --http-port "$PORT" \
    --max-cron-threads=0 --log-level=warn > "$LOG" 2>&1 &
ODOO_PID=$!
stop_odoo() { kill "$ODOO_PID" 2>/dev/null || true; wait "$ODOO_PID" 2>/dev/null || true; }
trap 'stop_odoo; [ -n "${SCREENSHOTS_DB:-}" ] || dropdb -w -U "$COOP_DB_USER" --if-exists "$DB" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/web/health" >/dev/null 2>&1 && break
    kill -0 "$ODOO_PID" 2>/dev/null || die "Odoo did not start (see $LOG)"
    sleep 1
done

only=()
for screen in ${SCREENS:-}; do only+=(--only "$screen"); done
"$PY" scripts/screenshots.py --url "http://127.0.0.1:$PORT" --db "$DB" "${only[@]}"
du -ch docs/screenshots/*.png | tail -1
