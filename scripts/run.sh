#!/usr/bin/env bash
# make run: a database with every coop addon and demo data (created once), then Odoo on
# http://localhost:$COOP_HTTP_PORT, and the Telegram bridge when TELEGRAM_BOT_TOKEN is set.
# make reset (--reset): drop that database and create it again.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh
ensure_postgres
ensure_deb wkhtmltopdf wkhtmltopdf "Odoo prints its PDF reports with it"
write_config
export PGPASSWORD="$COOP_DB_PASSWORD"

db_exists() { psql -w -U "$COOP_DB_USER" -d postgres -Atc "select 1 from pg_database where datname='$COOP_DB'" | grep -q 1; }
installed() {
    psql -w -U "$COOP_DB_USER" -d "$COOP_DB" -Atc \
        "select count(*) from ir_module_module where state='installed' and name in ('$(echo "$COOP_ADDONS" | sed "s/,/','/g")')" 2>/dev/null
}

if [ "${1:-}" = "--reset" ] && db_exists; then
    say "dropping database $COOP_DB"
    dropdb -w -U "$COOP_DB_USER" "$COOP_DB"
fi
want=$(echo "$COOP_ADDONS" | tr ',' '\n' | grep -c .)
if ! db_exists || [ "$(installed)" != "$want" ]; then
    say "creating database $COOP_DB with every coop addon and demo data (a few minutes)"
    odoo -d "$COOP_DB" -i "coop_base,$COOP_ADDONS" --load-language=ru_RU --stop-after-init --log-level=warn \
        || die "installing the coop addons into $COOP_DB failed (see the log above)"
    # The demo speaks Russian: make it the administrator's language too.
    psql -w -U "$COOP_DB_USER" -d "$COOP_DB" -qc "update res_partner set lang='ru_RU' where id in (select partner_id from res_users where login='admin')"
fi

# A database made by an older version of the addons is upgraded before Odoo serves it: the
# migrations of each addon run, and every record is kept. Updating coop_base updates every coop
# addon (they all depend on it) and installs the stock modules a new version depends on.
outdated() {
    local name want_v have_v
    for name in coop_base $(echo "$COOP_ADDONS" | tr ',' ' '); do
        want_v="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "addons/$name/__manifest__.py")"
        have_v="$(psql -w -U "$COOP_DB_USER" -d "$COOP_DB" -Atc \
            "select latest_version from ir_module_module where name='$name' and state='installed'")"
        [ -z "$have_v" ] || [ "$have_v" = "$want_v" ] || echo "$name $have_v -> $want_v"
    done
}
changed="$(outdated)"
if [ -n "$changed" ]; then
    say "upgrading the coop addons in $COOP_DB: $(echo $changed)"
    odoo -d "$COOP_DB" -u coop_base --stop-after-init --log-level=warn \
        || die "upgrading the coop addons in $COOP_DB failed (see the log above)"
fi

if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
    bash scripts/bridge.sh &
fi
cat <<MSG

  coop is starting on http://localhost:$COOP_HTTP_PORT
  log in as admin / admin (database $COOP_DB); every demo user's password is its login,
  e.g. coordinator, pentester, docflow_chairman, docflow_secretary, union_federation
  stop with Ctrl-C; make reset recreates the database

MSG
odoo -d "$COOP_DB" --http-port "$COOP_HTTP_PORT"
