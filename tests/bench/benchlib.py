"""What the Odoo benchmarks share: a throw-away database with some addons, a measuring script run
in `odoo-bin shell` on it, its `BENCH ` lines printed, and the database dropped at the end."""

import os
import secrets
import subprocess

ROOT = os.environ.get("COOP_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)
PY = os.path.join(ROOT, ".venv", "bin", "python")
ODOO_BIN = os.path.join(
    os.environ.get("ODOO_SRC") or os.path.expanduser("~/.cache/coop/odoo-18.0"), "odoo-bin"
)
CONF = os.environ.get("COOP_ODOO_CONF") or os.path.join(ROOT, ".local", "odoo.conf")


def odoo(args, command=None, **kw):
    """Run odoo-bin (optionally a subcommand such as "shell") with the project's configuration."""
    cmd = [PY, ODOO_BIN] + ([command] if command else []) + ["-c", CONF, *args]
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def drop_db(db):
    subprocess.run(
        ["dropdb", "-w", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", "coop", "--if-exists", db],
        env=dict(os.environ, PGPASSWORD=os.environ.get("COOP_DB_PASSWORD", "coop")),
        capture_output=True,
    )


def run_shell_bench(prefix, modules, script, header):
    """Install `modules` (no demo) into a new database, run `script` in its shell and print
    `header` and the script's `BENCH ` lines. Returns the process exit code."""
    db = "%s_%s" % (prefix, secrets.token_hex(4))
    try:
        res = odoo(["-d", db, "-i", modules, "--without-demo=all", "--stop-after-init", "--no-http"])
        if res.returncode:
            print(res.stderr[-3000:])
            return 1
        res = odoo(["-d", db, "--no-http", "--max-cron-threads=0"], command="shell", input=script)
        lines = [line[6:] for line in res.stdout.splitlines() if line.startswith("BENCH ")]
        if not lines:
            print(res.stdout[-2000:], res.stderr[-3000:])
            return 1
        print(header)
        for line in lines:
            print(line)
        return 0
    finally:
        drop_db(db)
