"""An existing database upgrades: a database made by the previous release of the addons (with its
demo data) is updated with `-u coop_base` by this checkout, and every record is kept.

The previous release is a commit of this repository's history (RELEASED); its addons are taken
with `git archive`, installed on a throw-away database, then updated by the current code the way
`make run` and the deployment do it. When a new release lands, move RELEASED to it.
"""

import os
import re
import subprocess
import tarfile
import uuid

import pytest
from conftest import ODOO_BIN, ODOO_CONF, PG_ENV, PY, ROOT

# the first release of the addons (every manifest at 18.0.1.0.0)
RELEASED = "ff5fa0a6b2d5ce0a232e731c51d8c8c42524dc85"
ADDONS = "coop_base,coop_circles,coop_crm,coop_servicedesk,coop_docflow,coop_union"
# tables of people's data: an upgrade never loses a row of them
KEPT = re.compile(
    r"^(coop_.*|res_partner|res_users|crm_lead|project_project|project_task|helpdesk_ticket|"
    r"calendar_event|mail_message|mail_activity|ir_attachment|mailing_mailing|mailing_trace|"
    r"sms_sms|hr_employee|resource_calendar_leaves)$"
)


def psql(db, sql):
    env = dict(os.environ, **PG_ENV)
    return subprocess.run(
        ["psql", "-w", "-d", db, "-Atc", sql], env=env, capture_output=True, text=True, check=True
    ).stdout


def row_counts(db):
    tables = psql(db, "select tablename from pg_tables where schemaname = 'public'").split()
    kept = sorted(t for t in tables if KEPT.match(t))
    sql = " union all ".join(f"select '{t}', count(*) from \"{t}\"" for t in kept)
    return {name: int(n) for name, n in (line.split("|") for line in psql(db, sql).splitlines())}


def odoo(conf, db, log, *args):
    return subprocess.run(
        [PY, ODOO_BIN, "-c", conf, "-d", db, "--stop-after-init", "--no-http", "--max-cron-threads=0", *args],
        stdout=log, stderr=subprocess.STDOUT, timeout=1800, cwd=ROOT, check=False,
    ).returncode


@pytest.fixture
def released_addons(tmp_path):
    """The addons of the previous release, and an Odoo configuration that loads them instead of ours."""
    known = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", RELEASED + "^{commit}"], check=False)
    assert known.returncode == 0, (
        f"the previous release {RELEASED} is not in this clone's history (a shallow clone?): "
        "fetch the full history to run the upgrade test"
    )
    archive = tmp_path / "released.tar"
    subprocess.run(
        ["git", "-C", ROOT, "archive", "-o", str(archive), RELEASED, "addons"], check=True, timeout=120
    )
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    with open(ODOO_CONF) as f:
        conf = f.read()
    ours = os.path.join(ROOT, "addons")
    assert ours in conf, conf
    released_conf = tmp_path / "released.conf"
    released_conf.write_text(
        conf.replace(ours, str(tmp_path / "addons")).replace(
            "data_dir = ", f"data_dir = {tmp_path / 'data'}\n# was: "
        )
    )
    return str(released_conf)


def test_database_of_the_previous_release_upgrades_keeping_every_record(released_addons):
    db = f"coop_upgradetest_{uuid.uuid4().hex[:8]}"
    log_path = os.path.join(ROOT, ".local", "test-logs", f"{db}.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    try:
        with open(log_path, "a") as log:
            rc = odoo(released_addons, db, log, "-i", ADDONS)
            assert rc == 0, f"installing the previous release failed, see {log_path}"
            versions = dict(line.split("|") for line in psql(
                db, "select name, latest_version from ir_module_module where name like 'coop_%'"
            ).splitlines())
            assert set(versions.values()) == {"18.0.1.0.0"}, versions
            before = row_counts(db)
            assert before["coop_union_member"] and before["helpdesk_ticket"] and before["coop_document"]
            # a ticket the previous release let exist without a team, as a portal request did
            psql(db, "update helpdesk_ticket set team_id = null where id = (select min(id) from helpdesk_ticket)")
            log.write("\n==== upgrade with the current addons ====\n")
            log.flush()
            rc = odoo(ODOO_CONF, db, log, "-u", "coop_base")
        with open(log_path) as f:
            upgrade_log = f.read().split("==== upgrade with the current addons ====")[-1]
        assert rc == 0, f"the upgrade failed, see {log_path}"
        errors = [line for line in upgrade_log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)]
        assert not errors, "\n".join(errors[:20])

        after = row_counts(db)
        lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, 0) < n}
        assert not lost, f"rows lost by the upgrade (before, after): {lost}"
        states = psql(db, "select name, state from ir_module_module where name like 'coop_%' order by name")
        assert all(line.endswith("|installed") for line in states.splitlines()), states
        for name in ADDONS.split(","):
            with open(os.path.join(ROOT, "addons", name, "__manifest__.py")) as f:
                want = re.search(r'"version":\s*"([^"]+)"', f.read()).group(1)
            have = psql(db, f"select latest_version from ir_module_module where name = '{name}'").strip()
            assert have == want, (name, have, want)
        # what the migrations of this version promise
        assert psql(db, "select count(*) from helpdesk_ticket where team_id is null").strip() == "0"
        circle_rule = psql(
            db,
            "select r.domain_force from ir_rule r join ir_model_data d on d.res_id = r.id and d.model = 'ir.rule' "
            "where d.module = 'coop_servicedesk' and d.name = 'helpdesk_ticket_rule_circle'",
        )
        assert "member_ids" in circle_rule and "coop_circle_ids" not in circle_rule, circle_rule
        enrich = psql(db, "select value from ir_config_parameter where key = 'crm.iap.lead.enrich.setting'").strip()
        assert enrich == "manual", enrich
    finally:
        env = dict(os.environ, **PG_ENV)
        subprocess.run(["dropdb", "-w", "--if-exists", db], env=env, check=False, timeout=300)
