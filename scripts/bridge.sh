#!/usr/bin/env bash
# The Telegram bridge against the local Odoo of make run. Needs TELEGRAM_BOT_TOKEN; the bridge
# user's API key is created once and kept in .local/bridge.env.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
[ -n "${TELEGRAM_BOT_TOKEN:-}" ] || die "set TELEGRAM_BOT_TOKEN (from @BotFather) to start the Telegram bridge"
if [ ! -s "$LOCAL/bridge.env" ]; then
    key=$(odoo shell -d "$COOP_DB" --no-http --log-level=error <<'PY' 2>/dev/null | sed -n 's/^APIKEY=//p'
user = env.ref("coop_servicedesk.user_telegram_bridge")
key = env["res.users.apikeys"].with_user(user).sudo()._generate(None, "telegram bridge (make run)", None)
env.cr.commit()
print("APIKEY=" + key)
PY
)
    [ -n "$key" ] || die "could not create an API key for the bridge user in database $COOP_DB (is coop_servicedesk installed?)"
    printf 'ODOO_API_KEY=%s\n' "$key" > "$LOCAL/bridge.env"
    chmod 600 "$LOCAL/bridge.env"
fi
set -a; source "$LOCAL/bridge.env"; set +a
export ODOO_URL="${ODOO_URL:-http://127.0.0.1:$COOP_HTTP_PORT}" ODOO_DB="${ODOO_DB:-$COOP_DB}" ODOO_LOGIN="${ODOO_LOGIN:-telegram_bridge}"
export BRIDGE_STATE_DIR="${BRIDGE_STATE_DIR:-$LOCAL/bridge}"
mkdir -p "$BRIDGE_STATE_DIR"
exec "$PY" -m telegram_bridge
