"""What the Odoo benchmarks share: a throw-away database with some addons, a measuring script run
in `odoo-bin shell` on it, its `BENCH ` lines printed, and the database dropped at the end."""

import contextlib
import json
import os
import platform
import secrets
import subprocess
import sys

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


def install_db(db, modules):
    """Install `modules` (no demo) into the new database `db`; False (and Odoo's error printed) if
    that failed."""
    res = odoo(["-d", db, "-i", modules, "--without-demo=all", "--stop-after-init", "--no-http"])
    if res.returncode:
        print(res.stderr[-3000:])
        return False
    return True


@contextlib.contextmanager
def bench_databases(*specs):
    """Throw-away databases, one per `(prefix, modules)`, each with its modules installed (no demo):
    yields their names (None when an installation failed, after printing why) and drops every one
    of them at the end, also on failure."""
    dbs = [db_name(prefix) for prefix, _modules in specs]
    try:
        for db, (_prefix, modules) in zip(dbs, specs, strict=True):
            if not install_db(db, modules):
                yield None
                return
        yield dbs
    finally:
        for db in dbs:
            drop_db(db)


def run_shell(db, script, header, values=None):
    """Run `script` in `odoo-bin shell` on the database `db` and print `header` and the script's
    `BENCH ` lines. Returns 1 when it printed no `BENCH ` line, else 0. The
    script's `BENCH-VALUE name number` lines go to the dict `values` when given; its `BENCH-ROW`
    lines to the closing table. The script may open other databases in the same process with
    `database_env` (see ROW_HELPERS)."""
    res = odoo(["-d", db, "--no-http", "--max-cron-threads=0"], command="shell", input=ROW_HELPERS + script)
    lines = [line[6:] for line in res.stdout.splitlines() if line.startswith("BENCH ")]
    for line in res.stdout.splitlines():
        if line.startswith("BENCH-VALUE ") and values is not None:
            _tag, name, number = line.split()
            values[name] = float(number)
        if line.startswith(ROW_PREFIX):
            record(json.loads(line[len(ROW_PREFIX) :]))
    if not lines:
        print(res.stdout[-2000:], res.stderr[-3000:])
        return 1
    if header:
        print(header)
    if res.returncode:
        print(res.stderr[-3000:])
    for line in lines:
        print(line)
    return 0


def run_shell_bench(prefix, modules, script, header, values=None):
    """Install `modules` (no demo) into a new database, run `script` in its shell and print
    `header` and the script's `BENCH ` lines (see run_shell). Returns 0, or 1 on failure. The
    script's `BENCH-VALUE name number` lines go to the dict `values` when given."""
    with bench_databases((prefix, modules)) as dbs:
        if not dbs:
            return 1
        return run_shell(dbs[0], script, header, values)


# ---------------------------------------------------------------- the closing table
# A benchmark reports one figure against its peer (plain Odoo measured in the same run) as a
# ``BENCH-ROW {json}`` line; `make bench` collects them in the file named by BENCH_TABLE and
# prints them as one table at the end (``python benchlib.py table FILE``).
ROW_PREFIX = "BENCH-ROW "

# the code of a benchmark run in `odoo-bin shell`: row(...) prints a BENCH-ROW line; peak_rss()
# reads the peak resident memory of this process and reset_peak_rss() starts a new peak;
# database_env(dbname) opens another database (the peer's) in the same process; alternate(...)
# measures several functions in alternating rounds and paired_ratio(...) is the median of the
# per-round ratios of two of them
ROW_HELPERS = r'''
import json as _json
def row(measure, peer, ours, unit, goal, ratio=None, met=None, note=""):
    ratio = ours / peer if ratio is None and peer else ratio
    print("BENCH-ROW " + _json.dumps({"measure": measure, "peer": peer, "ours": ours, "unit": unit,
                                      "ratio": ratio, "goal": goal, "met": met, "note": note}))
def reset_peak_rss():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
def peak_rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0
import contextlib as _contextlib
@_contextlib.contextmanager
def database_env(dbname, context=None):
    # an Environment (superuser) on another database, opened in this process as a server with
    # several databases does: its own registry and cursor; rolled back and closed at the end
    import odoo as _odoo
    with _odoo.modules.registry.Registry(dbname).cursor() as cr:
        env_ = _odoo.api.Environment(cr, _odoo.SUPERUSER_ID, {})
        yield env_(context=dict(env_["res.users"].context_get(), **(context or {})))
        cr.rollback()
def alternate(measures, repeat, warmup=1, seed=0):
    # `measures`: name -> function returning seconds. Runs each `warmup` times, then `repeat`
    # rounds that run each once, the order of a round taken in turn from every permutation of the
    # names (shuffled once), so that each goes first, and before each other, as often as the
    # others. Returns name -> [seconds of each round]: figures of one round were measured at the
    # same moment, so ratios of one round hold even if the machine's load changes between rounds.
    import itertools as _itertools, random as _random
    names = list(measures)
    for _i in range(warmup):
        for name in names:
            measures[name]()
    orders = list(_itertools.permutations(names))
    _random.Random(seed).shuffle(orders)
    times = {name: [] for name in names}
    for n in range(repeat):
        for name in orders[n % len(orders)]:
            times[name].append(measures[name]())
    return times
def paired_ratio(ours, peer):
    # the median of the per-round ratios ours / peer (two lists from alternate())
    import statistics as _statistics
    return _statistics.median(o / p for o, p in zip(ours, peer))
'''


def row(measure, peer, ours, unit, goal, ratio=None, met=None, note=""):
    """Report one figure of a benchmark run in this process (see ROW_HELPERS for the shell)."""
    ratio = ours / peer if ratio is None and peer else ratio
    record(
        {"measure": measure, "peer": peer, "ours": ours, "unit": unit, "ratio": ratio, "goal": goal,
         "met": met, "note": note}
    )


def record(data):
    ratio = "" if data.get("ratio") is None else ", %.2fx" % data["ratio"]
    print("%s: ours %s, peer %s%s (goal %s)" % (
        data["measure"], _fmt(data.get("ours"), data["unit"]), _fmt(data.get("peer"), data["unit"]), ratio,
        data.get("goal") or "-"), flush=True)
    path = os.environ.get("BENCH_TABLE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(data, ensure_ascii=False) + "\n")


def db_name(prefix):
    """A throw-away database name; BENCH_DB_PREFIX puts every benchmark database under one prefix."""
    return "%s%s_%s" % (os.environ.get("BENCH_DB_PREFIX", ""), prefix, secrets.token_hex(4))


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        with open("/proc/meminfo") as f:
            ram = int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        ram = 0
    try:
        with open("/proc/loadavg") as f:
            load = " ".join(f.read().split()[:3])
    except OSError:
        load = "?"
    pg = subprocess.run(
        ["psql", "-w", "-h", os.environ.get("PGHOST", "127.0.0.1"), "-U", "coop", "-d", "postgres", "-Atc",
         "SHOW server_version"],
        env=dict(os.environ, PGPASSWORD=os.environ.get("COOP_DB_PASSWORD", "coop")),
        capture_output=True, text=True,
    ).stdout.strip() or "?"
    return "%d cores, %.1f GiB RAM, %s, Python %s, PostgreSQL %s, load average %s" % (
        os.cpu_count() or 0, ram, cpu, platform.python_version(), pg, load)


def _fmt(value, unit):
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit == "MiB":
        return "%.0f MiB" % value
    if abs(value) >= 100:
        return "%.0f %s" % (value, unit)
    return "%.1f %s" % (value, unit)


def print_table(path):
    rows = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
    header = ("measure", "peer (plain Odoo)", "ours", "ratio", "goal", "met")
    table = [header]
    for r in rows:
        met = r.get("met")
        table.append((
            r["measure"] + (" [%s]" % r["note"] if r.get("note") else ""),
            _fmt(r.get("peer"), r["unit"]),
            _fmt(r.get("ours"), r["unit"]),
            "-" if r.get("ratio") is None else "%.2fx" % r["ratio"],
            r.get("goal") or "-",
            "-" if met is None else ("yes" if met else "NO"),
        ))
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    for n, line in enumerate(table):
        print(" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)))
        if n == 0:
            print("-+-".join("-" * w for w in widths))
    print("machine: " + machine())


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "table":
        print_table(sys.argv[2])
    else:
        sys.exit("usage: benchlib.py table FILE")
