# Shared settings of the coop scripts; sourced, not run.
# Every value can be overridden from the environment.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COOP_CACHE="${COOP_CACHE:-$HOME/.cache/coop}"
VENV="${VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
LOCAL="$ROOT/.local"
ODOO_REPO_URL="${ODOO_REPO_URL:-https://github.com/odoo/odoo.git}"
ODOO_BRANCH="${ODOO_BRANCH:-18.0}"
# PostgreSQL: Odoo connects with its own role, never as the superuser.
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"
COOP_DB_USER="${COOP_DB_USER:-coop}"
COOP_DB_PASSWORD="${COOP_DB_PASSWORD:-coop}"
COOP_DB="${COOP_DB:-coop}"
COOP_HTTP_PORT="${COOP_HTTP_PORT:-8069}"
COOP_ADDONS="coop_circles,coop_crm,coop_servicedesk,coop_docflow,coop_union,coop_union_hr,coop_union_telegram"

die() { printf '\n\033[1;31mcoop: %s\033[0m\n' "$*" >&2; exit 1; }
say() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }

odoo_src() {
    # Where the Odoo 18.0 source tree is: the one the environment names, else the cache.
    if [ -n "${ODOO_SRC:-}" ]; then echo "$ODOO_SRC"; else echo "$COOP_CACHE/odoo-$ODOO_BRANCH"; fi
}

ensure_postgres() {
    # The Debian cluster of this machine if there is one and it is down; any other server
    # is named by the PG* variables and must already run.
    if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        if command -v pg_lsclusters >/dev/null 2>&1; then
            pg_lsclusters --no-header 2>/dev/null | while read -r ver name port status _; do
                if [ "$port" = "$PGPORT" ] && [ "$status" != "online" ]; then
                    say "starting PostgreSQL cluster $ver/$name"
                    pg_ctlcluster "$ver" "$name" start || true
                fi
            done
        fi
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null && break
            sleep 1
        done
        pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null || die "PostgreSQL does not answer on $PGHOST:$PGPORT.
Start a PostgreSQL 13+ server (on Debian: pg_ctlcluster 15 main start), or point PGHOST/PGPORT
at one, and give Odoo a role with CREATEDB in COOP_DB_USER/COOP_DB_PASSWORD."
    fi
    # Our own role: created through the local superuser where we can, else it must exist.
    if PGPASSWORD="$COOP_DB_PASSWORD" psql -w -U "$COOP_DB_USER" -d postgres -Atc 'select 1' >/dev/null 2>&1; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
        say "creating PostgreSQL role $COOP_DB_USER"
        su postgres -c "env -u PGHOST psql -q -p $PGPORT -v ON_ERROR_STOP=1" <<SQL >/dev/null || die "could not create the PostgreSQL role $COOP_DB_USER"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$COOP_DB_USER') THEN
    CREATE ROLE "$COOP_DB_USER" LOGIN CREATEDB PASSWORD '$COOP_DB_PASSWORD';
  ELSE
    ALTER ROLE "$COOP_DB_USER" LOGIN CREATEDB PASSWORD '$COOP_DB_PASSWORD';
  END IF;
END \$\$;
SQL
    fi
    PGPASSWORD="$COOP_DB_PASSWORD" psql -w -U "$COOP_DB_USER" -d postgres -Atc 'select 1' >/dev/null 2>&1 \
        || die "Odoo cannot log in to PostgreSQL on $PGHOST:$PGPORT as '$COOP_DB_USER'.
Create that role (LOGIN CREATEDB, password in COOP_DB_PASSWORD) or set COOP_DB_USER/COOP_DB_PASSWORD."
}

ensure_deb() {
    # ensure_deb COMMAND PACKAGE WHY: install a Debian package when its command is missing (as root).
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing $2 (Debian package): $3"
        (apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "$2" >/dev/null 2>&1; }) \
            || die "could not install $2; $3 (apt-get install $2)"
    else
        die "$3: install $2 (apt-get install $2) and run again"
    fi
}

addons_path() {
    local src; src="$(odoo_src)"
    local site; site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ROOT/addons,$site/odoo/addons,$src/addons,$src/odoo/addons"
}

write_config() {
    # .local/odoo.conf: the configuration make run and make test use.
    mkdir -p "$LOCAL/data"
    cat > "$LOCAL/odoo.conf" <<CONF
[options]
addons_path = $(addons_path)
data_dir = $LOCAL/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $COOP_DB_USER
db_password = $COOP_DB_PASSWORD
http_port = $COOP_HTTP_PORT
admin_passwd = ${COOP_ADMIN_PASSWD:-admin}
without_demo = False
CONF
}

odoo() {
    "$PY" "$(odoo_src)/odoo-bin" -c "$LOCAL/odoo.conf" "$@"
}
