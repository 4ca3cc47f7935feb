"""Fixtures of the cross-process tests: a real Odoo with coop_servicedesk on a throw-away
database, the fake Telegram Bot API, and the bridge run as its own process."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fake_telegram import FakeTelegram  # noqa: E402

PY = os.path.join(ROOT, ".venv", "bin", "python")
if not os.path.exists(PY):
    PY = sys.executable
ODOO_SRC = os.environ.get("ODOO_SRC") or os.path.join(os.path.expanduser("~"), ".cache", "coop", "odoo-18.0")
ODOO_BIN = os.path.join(ODOO_SRC, "odoo-bin")
ODOO_CONF = os.path.join(ROOT, ".local", "odoo.conf")
FACADE = os.path.join(ROOT, "addons", "coop_servicedesk", "models", "coop_telegram_bridge.py")
BOT_TOKEN = "7000000002:AAFakeBridgeTokenForCrossProcessTests9"
PG_ENV = {
    "PGHOST": os.environ.get("PGHOST", "127.0.0.1"),
    "PGPORT": os.environ.get("PGPORT", "5432"),
    "PGUSER": os.environ.get("COOP_DB_USER", "coop"),
    "PGPASSWORD": os.environ.get("COOP_DB_PASSWORD", "coop"),
}


def facade_missing():
    """Why the Odoo side of the bridge cannot be tested here, or None when it can."""
    if not os.path.exists(ODOO_BIN) or not os.path.exists(ODOO_CONF):
        return "no Odoo source tree or .local/odoo.conf (run make setup)"
    if not os.path.exists(FACADE):
        return "coop_servicedesk has no coop.telegram.bridge facade"
    with open(FACADE, encoding="utf-8") as f:
        source = f.read()
    wanted = (
        "def link_chat",
        "def create_ticket",
        "def outbox_claim",
        "def outbox_ack",
        "def search_articles",
    )
    missing = [w for w in wanted if w not in source]
    return f"the facade lacks {', '.join(missing)}" if missing else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SETUP_SCRIPT = r"""
import json
from odoo import Command
env = env(context=dict(env.context, no_reset_password=True, mail_create_nolog=True, tracking_disable=True))
people = []
for login, name, email in [
    ("bridge_test_petrov", "Иван Петров", "i.petrov@coop.example"),
    ("bridge_test_smirnova", "Анна Смирнова", "a.smirnova@coop.example"),
    ("bridge_test_orlov", "Олег Орлов", "o.orlov@coop.example"),
    ("bridge_test_bench", "Нагрузочный Тест", "bench@coop.example"),
    # test_bridge_conversation.py: an agent and two requesters
    ("bridge_test_agent", "Сергей Агентов", "s.agentov@coop.example"),
    ("bridge_test_client", "Клиент Заявкин", "k.zayavkin@coop.example"),
    ("bridge_test_rater", "Ольга Оценкина", "o.otsenkina@coop.example"),
]:
    user = env["res.users"].create({
        "name": name, "login": login, "email": email,
        "groups_id": [Command.set([env.ref("base.group_user").id])],
    })
    code = env["coop.telegram.link"].issue_code(user.partner_id).code
    # a second code for a second chat of the same person
    code2 = env["coop.telegram.link"].create({"partner_id": user.partner_id.id}).code
    people.append({"partner_id": user.partner_id.id, "name": name, "email": email, "code": code,
                   "code2": code2})
team = env["helpdesk.ticket.team"].create({
    "name": "ИТ-поддержка (мост)", "coop_audience": "internal", "coop_telegram_chat_id": "-100777",
})
template = env["coop.servicedesk.template"].create({
    "name": "Не работает принтер", "team_id": team.id, "show_in_bot": True,
    "description": "<p>Укажите номер кабинета и модель принтера.</p>",
})
article = env["coop.servicedesk.article"].create({
    "name": "Как подключить сетевой принтер",
    "summary": "Пуск → Параметры → Принтеры и сканеры → Добавить принтер; адрес принтера на его наклейке.",
    "body": "<p>Полная инструкция по подключению сетевого принтера.</p>",
    "keywords": "принтер печать подключить",
    "publish_bot": True,
})
bridge_user = env.ref("coop_servicedesk.user_telegram_bridge")
key = env["res.users.apikeys"].with_user(bridge_user).sudo()._generate(None, "bridge tests", None)
in_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
# the requester is told when a ticket is taken into work and when it is done
(in_progress | done).write({"coop_notify_requester": True})
env.cr.commit()
print("BRIDGE-SETUP " + json.dumps({
    "api_key": key, "people": people, "team_id": team.id, "template_id": template.id,
    "article_id": article.id, "in_progress": in_progress.id, "done": done.id,
}))
"""


class OdooServer:
    def __init__(self, db, log_dir):
        self.db = db
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(log_dir, f"odoo_{db}.log")
        self.proc = None
        self.data = {}

    def _cmd(self, *extra, command=None):
        return [PY, ODOO_BIN, *([command] if command else []), "-c", ODOO_CONF, "-d", self.db, *extra]

    def install(self):
        template = os.environ.get("BRIDGE_TEST_TEMPLATE_DB")
        with open(self.log_path, "a") as log:
            if template:
                # development shortcut: copy a database where coop_servicedesk is already installed
                env = dict(os.environ, **PG_ENV)
                subprocess.run(["createdb", "-w", "-T", template, self.db], env=env, check=True, timeout=300)
            else:
                self._install(log)
            out = subprocess.run(
                self._cmd("--no-http", "--max-cron-threads=0", command="shell"),
                input=SETUP_SCRIPT,
                capture_output=True,
                text=True,
                timeout=300,
                cwd=ROOT,
            )
            log.write(out.stdout + out.stderr)
        lines = [line for line in out.stdout.splitlines() if line.startswith("BRIDGE-SETUP ")]
        if not lines:
            raise RuntimeError(f"setting up the test data failed:\n{out.stderr[-3000:]}")
        self.data = json.loads(lines[-1][len("BRIDGE-SETUP ") :])

    def _install(self, log):
        subprocess.run(
            self._cmd(
                "-i",
                "coop_servicedesk",
                "--stop-after-init",
                "--without-demo=all",
                "--load-language=ru_RU",
                "--no-http",
                "--max-cron-threads=0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
            timeout=900,
            cwd=ROOT,
        )

    def start(self):
        log = open(self.log_path, "a")  # noqa: SIM115 - kept open for the server's life
        self.proc = subprocess.Popen(
            self._cmd(
                "--http-port",
                str(self.port),
                "--http-interface",
                "127.0.0.1",
                "--max-cron-threads=0",
                "--db-filter",
                f"^{self.db}$",
                "--no-database-list",
                "--workers=0",
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Odoo exited with {self.proc.returncode}; see {self.log_path}")
            try:
                urllib.request.urlopen(f"{self.url}/web/login?db={self.db}", timeout=2).read()
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("Odoo did not start in time")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def restart(self):
        self.stop()
        return self.start()

    def admin(self, model, method, *args, **kwargs):
        """An XML-RPC call as the administrator (Odoo's default admin/admin of a fresh database)."""
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, 2, "admin", model, method, list(args), kwargs)

    def drop(self):
        self.stop()
        env = dict(os.environ, **PG_ENV)
        subprocess.run(["dropdb", "--if-exists", "-w", self.db], env=env, capture_output=True, timeout=120)
        filestore = os.path.join(ROOT, ".local", "data", "filestore", self.db)
        if os.path.isdir(filestore):
            subprocess.run(["rm", "-rf", filestore], check=False)


@pytest.fixture(scope="session")
def odoo_server(tmp_path_factory):
    reason = facade_missing()
    if reason:
        pytest.skip(reason)
    db = f"{os.environ.get('COOP_BRIDGE_TEST_DB_PREFIX', 'bridge_pytest')}_{secrets.token_hex(4)}"
    server = OdooServer(db, str(tmp_path_factory.mktemp("odoo")))
    try:
        server.install()
        server.start()
        yield server
    finally:
        server.drop()


class BridgeProcess:
    """``python -m telegram_bridge`` as its own process, pointed at the fake Telegram and the Odoo."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.proc = None

    def start(self, telegram, timeout=30):
        calls = len(telegram.calls)
        log = open(self.log_path, "a")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [PY, "-m", "telegram_bridge"], env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(m == "getUpdates" for m, _ in telegram.calls[calls:]):
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"the bridge did not start polling:\n{self.log()[-3000:]}")

    def stop(self, kill=False):
        if self.proc and self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def log(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""


@pytest.fixture
def telegram():
    server = FakeTelegram(BOT_TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def bridge_env(odoo_server, telegram, tmp_path):
    env = dict(os.environ)
    env.update(
        TELEGRAM_BOT_TOKEN=BOT_TOKEN,
        TELEGRAM_API_BASE_URL=telegram.base_url,
        ODOO_URL=odoo_server.url,
        ODOO_DB=odoo_server.db,
        ODOO_LOGIN="telegram_bridge",
        ODOO_API_KEY=odoo_server.data["api_key"],
        BRIDGE_STATE_DIR=str(tmp_path / "state"),
        OUTBOX_POLL_INTERVAL="0.2",
        OUTBOX_LEASE_SECONDS="5",
        OUTBOX_MAX_BACKOFF="1",
        OUTBOX_RETRY_DELAY="1",
        ODOO_TIMEOUT="10",
        ODOO_RETRIES="1",
        TELEGRAM_TIMEOUT="15",
        TELEGRAM_POLLING_TIMEOUT="1",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def bridge_process(bridge_env, telegram, tmp_path):
    procs = []

    def start():
        proc = BridgeProcess(bridge_env, str(tmp_path / "bridge.log")).start(telegram)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.stop()
    log = procs[0].log() if procs else ""
    print("---- bridge log (tail) ----\n" + log[-6000:])  # shown by pytest when the test failed
    # the token and the API key never reach the logs
    assert BOT_TOKEN not in log and BOT_TOKEN.split(":")[1] not in log
    assert bridge_env["ODOO_API_KEY"] not in log
