"""`make run` as a newcomer uses it: a database with every coop addon and demo data, Odoo answering."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = {"coop_circles", "coop_crm", "coop_servicedesk", "coop_docflow", "coop_union"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(db, sql):
    env = dict(os.environ, PGPASSWORD="coop")
    return subprocess.run(
        ["psql", "-w", "-h", "127.0.0.1", "-U", "coop", "-d", db, "-Atc", sql],
        env=env, capture_output=True, text=True, check=True,
    ).stdout


def start(db, port):
    env = dict(os.environ, COOP_DB=db, COOP_HTTP_PORT=str(port))
    env.pop("TELEGRAM_BOT_TOKEN", None)
    return subprocess.Popen(
        ["make", "run"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, text=True, start_new_session=True,
    )


def wait_for_login(proc, port, timeout):
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/web/login"
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.status
        except OSError:
            time.sleep(2)
    raise AssertionError(f"{url} did not answer within {timeout}s")


def stop(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # Odoo did not stop on SIGTERM within a minute
        return proc.communicate()[0]


def test_make_run_serves_odoo_with_every_addon_and_demo():
    db = f"coop_runtest_{uuid.uuid4().hex[:8]}"
    port = free_port()
    try:
        proc = start(db, port)
        try:
            assert wait_for_login(proc, port, timeout=900) == 200
        finally:
            first = stop(proc)
        assert "creating database" in first
        assert "admin / admin" in first
        rows = psql(db, "select name, state, demo from ir_module_module where name like 'coop_%'").split()
        installed = {r.split("|")[0] for r in rows if r.split("|")[1:] == ["installed", "t"]}
        assert ADDONS <= installed, rows

        # A second run reuses the database instead of creating it again.
        proc = start(db, port)
        try:
            assert wait_for_login(proc, port, timeout=300) == 200
        finally:
            second = stop(proc)
        assert "creating database" not in second
    finally:
        subprocess.run(["dropdb", "-w", "-h", "127.0.0.1", "-U", "coop", "--if-exists", db],
                       env=dict(os.environ, PGPASSWORD="coop"), check=False)
