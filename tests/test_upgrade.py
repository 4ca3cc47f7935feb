"""An existing database upgrades: a database made by an earlier release of the addons (with its
demo data) is updated by this checkout, and every record and every setting is kept.

Earlier releases are taken from this repository's history:

- the first release (every manifest at 18.0.1.0.0), updated with `-u coop_base` the way
  `make run` and the deployment do it;
- the release before the previous one (18.0.1.1.0), updated with `-u all`: its settings are given
  values other than the defaults and the fields 18.0.1.2.0 renamed are filled, so that the test
  sees them survive three releases of migrations at once; it also holds what the migrations of
  18.0.1.3.0 (18.0.1.4.0 for coop_servicedesk) promise to any database that passes through
  them (the documents' offices, the mailings' organisations, the appeals' answer dates, the
  members' analytics, the bot's tickets finished);
- the last landed release (the previous main: 18.0.1.3.0, coop_servicedesk 18.0.1.4.0, with
  coop_union_hr and coop_union_telegram), updated with `-u all` with its settings at other
  values than the defaults; `check_previous` holds what this version's changes promise.

Each release's addons are taken with `git archive` and installed on a throw-away database, then
updated by the current code. When a new release lands, move PREVIOUS to it.
"""

import dataclasses
import os
import re
import subprocess
import tarfile
import uuid

import pytest
from conftest import ODOO_BIN, ODOO_CONF, PG_ENV, PY, ROOT

ADDONS = "coop_base,coop_circles,coop_crm,coop_servicedesk,coop_docflow,coop_union"
# tables of people's data: an upgrade never loses a row of them
KEPT = re.compile(
    r"^(coop_.*|res_partner|res_users|res_bank|res_partner_bank|crm_lead|crm_team|project_project|"
    r"project_task|helpdesk_.*|calendar_event|mail_message|mail_activity|mail_followers|"
    r"mail_tracking_value|ir_attachment|mailing_mailing|mailing_trace|sms_sms|hr_employee|"
    r"resource_calendar_leaves|ir_config_parameter)$"
)
# the settings of the addons, set on the old database to values other than their defaults
SECOND_SETTINGS = {
    "coop_base.iap_partner_autocomplete": "True",
    "coop_servicedesk.telegram_code_minutes": "45",
    "coop_servicedesk.telegram_code_reissue_seconds": "30",
    "coop_servicedesk.telegram_link_max_failures": "3",
    "coop_servicedesk.telegram_link_window_minutes": "15",
    "coop_servicedesk.outbox_max_attempts": "7",
    "coop_servicedesk.mail_attachment_max_mb": "10.0",
    "coop_servicedesk.max_attachment_bytes": "5242880",
    "coop_union.birthday_reminder_days": "5",
    "coop_union.sms_chunk_size": "250",
}
# the settings of the previous main (18.0.1.3.0): the upload limit is Odoo's own by then
SETTINGS = {
    **{k: v for k, v in SECOND_SETTINGS.items() if k != "coop_servicedesk.max_attachment_bytes"},
    "web.max_file_upload_size": "5242880",
    "coop_servicedesk.sla_risk_minutes": "45",
    "coop_union.appeal_escalation_days": "5",
    "coop_union.appeal_attachment_max_mb": "7",
}
# keys a migration of 18.0.1.2.0 renames: the new key has the old key's value
RENAMED_KEYS = {"coop_servicedesk.max_attachment_bytes": "web.max_file_upload_size"}
# (table, column before, column after) of the fields 18.0.1.2.0 renames
RENAMED_COLUMNS = [
    ("res_partner", "kpp", "coop_kpp"),
    ("res_partner", "ogrn", "coop_ogrn"),
    ("helpdesk_ticket", "bridge_request_uid", "coop_bridge_request_uid"),
    ("helpdesk_ticket_team", "circle_id", "coop_circle_id"),
    ("helpdesk_ticket_team", "telegram_chat_id", "coop_telegram_chat_id"),
]
# (model, field before, field after) of the fields 18.0.1.2.0 renames: their definitions are renamed in place
RENAMED_FIELDS = [
    ("crm.lead", "client_partner_ids", "coop_client_partner_ids"),
    ("res.partner", "kpp", "coop_kpp"),
    ("res.partner", "ogrn", "coop_ogrn"),
    ("helpdesk.ticket", "bridge_request_uid", "coop_bridge_request_uid"),
    ("helpdesk.ticket.team", "circle_id", "coop_circle_id"),
    ("helpdesk.ticket.team", "client_partner_ids", "coop_client_partner_ids"),
    ("helpdesk.ticket.team", "telegram_chat_id", "coop_telegram_chat_id"),
    ("helpdesk.ticket.team", "template_ids", "coop_template_ids"),
    ("res.partner", "telegram_link_ids", "coop_telegram_link_ids"),
]


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


def settings(db):
    rows = psql(db, "select key, coalesce(value, '') from ir_config_parameter order by key")
    return dict(line.split("|", 1) for line in rows.splitlines())


def column_values(db, table, column):
    return psql(db, f'select id, "{column}" from "{table}" where "{column}" is not null order by id')


def odoo(conf, db, log, *args):
    return subprocess.run(
        [PY, ODOO_BIN, "-c", conf, "-d", db, "--stop-after-init", "--no-http", "--max-cron-threads=0", *args],
        stdout=log, stderr=subprocess.STDOUT, timeout=1800, cwd=ROOT, check=False,
    ).returncode


def prepare_first(db):
    # a ticket the first release let exist without a team, as a portal request did
    psql(db, "update helpdesk_ticket set team_id = null where id = (select min(id) from helpdesk_ticket)")
    return {}


def check_first(db, before):
    # what the migrations of 18.0.1.1.0 promise
    assert psql(db, "select count(*) from helpdesk_ticket where team_id is null").strip() == "0"
    circle_rule = psql(
        db,
        "select r.domain_force from ir_rule r join ir_model_data d on d.res_id = r.id and d.model = 'ir.rule' "
        "where d.module = 'coop_servicedesk' and d.name = 'helpdesk_ticket_rule_circle'",
    )
    assert "member_ids" in circle_rule and "coop_circle_ids" not in circle_rule, circle_rule
    enrich = psql(db, "select value from ir_config_parameter where key = 'crm.iap.lead.enrich.setting'").strip()
    assert enrich == "manual", enrich


def set_settings(db, values):
    for key, value in values.items():
        psql(
            db,
            "insert into ir_config_parameter (key, value) values ('%s', '%s') "
            "on conflict (key) do update set value = excluded.value" % (key, value),
        )


def prepare_second(db):
    set_settings(db, SECOND_SETTINGS)
    # the renamed columns hold data the demo does not always give them
    psql(db, "update helpdesk_ticket set bridge_request_uid = 'upgrade-' || id where id = (select min(id) from helpdesk_ticket)")
    psql(db, "update helpdesk_ticket_team set telegram_chat_id = '-100' || id where telegram_chat_id is null")
    snapshot = {(table, old, new): column_values(db, table, old) for table, old, new in RENAMED_COLUMNS}
    for (table, old, _new), values in snapshot.items():
        assert values, f"no data in {table}.{old} to carry over"
    fields = {
        (model, old): psql(db, f"select id from ir_model_fields where model = '{model}' and name = '{old}'").strip()
        for model, old, _new in RENAMED_FIELDS
    }
    assert all(fields.values()), fields
    return {"columns": snapshot, "fields": fields, **prepare_release_3(db)}


def check_second(db, before):
    for (table, old, new), values in before["columns"].items():
        assert column_values(db, table, new) == values, f"{table}.{old} -> {new}: values changed"
    for model, old, new in RENAMED_FIELDS:
        field_id = psql(db, f"select id from ir_model_fields where model = '{model}' and name = '{new}'").strip()
        assert field_id == before["fields"][(model, old)], f"{model}.{old} was not renamed to {new} in place"
        assert not psql(db, f"select id from ir_model_fields where model = '{model}' and name = '{old}'").strip()
    check_release_3(db, before)


def xmlid_id(db, module, name):
    return psql(db, f"select res_id from ir_model_data where module = '{module}' and name = '{name}'").strip()
# the records 18.0.1.3.0 gives to the default office, and the column that identifies them
OFFICE_RECORDS = (("coop_document", "name"), ("coop_document_journal", "prefix"))


def prepare_release_3(db):
    """Data of a database older than 18.0.1.3.0 whose migrations 18.0.1.3.0 changes."""
    # a mailing and a mailing list made by a primary organisation's staff before mailings had an organisation
    steel = xmlid_id(db, "coop_union", "user_primary_steel")
    mailing = psql(db, "select min(id) from mailing_mailing").strip()
    mailing_list = psql(db, "select min(id) from mailing_list").strip()
    psql(db, f"update mailing_mailing set user_id = {steel}, create_uid = {steel} where id = {mailing}")
    psql(db, f"update mailing_list set create_uid = {steel} where id = {mailing_list}")
    records = {
        table: psql(db, f"select id, {column} from {table} order by id")
        for table, column in OFFICE_RECORDS
    }
    people = {
        group: set(psql(
            db,
            "select r.uid from res_groups_users_rel r join ir_model_data d on d.res_id = r.gid "
            f"and d.model = 'res.groups' where d.module = 'coop_docflow' and d.name = '{group}'",
        ).split())
        for group in ("group_docflow_chairman", "group_docflow_deputy", "group_docflow_secretary")
    }
    return {"steel_mailing": mailing, "steel_list": mailing_list, "offices": {"records": records, "people": people}}


def check_release_3(db, before):
    """What the migrations of 18.0.1.3.0 (18.0.1.4.0 for coop_servicedesk) promise."""
    # coop_union: mailings and lists of union staff belong to their organisation
    steel = xmlid_id(db, "coop_union", "user_primary_steel")
    org = psql(
        db,
        f"""select o.id from coop_union_organization_staff_rel r join coop_union_organization o
             on o.id = r.organization_id where r.user_id = {steel} order by o.complete_name, o.id limit 1""",
    ).strip()
    assert org
    for table, key in (("mailing_mailing", "steel_mailing"), ("mailing_list", "steel_list")):
        row = psql(db, f"select coop_union_organization_id, coop_union_path from {table} where id = {before[key]}")
        assert row.strip().split("|")[0] == org, (table, row)
        assert row.strip().split("|")[1], (table, row)
    # coop_union: appeals answered before keep an answer date, counted by the appeal analysis
    answered = psql(db, "select count(*) from coop_union_appeal where state in ('answered', 'closed')").strip()
    assert answered != "0", "the demo data of the previous release has an answered appeal"
    undated = psql(
        db, "select count(*) from coop_union_appeal where state in ('answered', 'closed') and answer_date is null"
    ).strip()
    assert undated == "0", f"{undated} answered appeals without an answer date"
    # offices: one default office, named after the company, holds every journal and document
    offices = before["offices"]
    office = psql(
        db,
        "select o.id, o.name, c.name from coop_docflow_office o join ir_model_data d on d.res_id = o.id "
        "and d.model = 'coop.docflow.office' join res_company c on c.id = o.company_id "
        "where d.module = 'coop_docflow' and d.name = 'office_main'",
    ).strip()
    office_id, office_name, company_name = office.split("|")
    assert office_name == company_name, office
    for table, column in OFFICE_RECORDS:
        rows = offices["records"][table]
        ids = [line.split("|")[0] for line in rows.splitlines()]
        assert ids, table
        # every record kept, with its registration number (its prefix), in the default office
        kept = psql(db, f"select id, {column} from {table} where id in ({','.join(ids)}) order by id")
        assert kept == rows, table
        moved = psql(db, f"select count(*) from {table} where id in ({','.join(ids)}) and office_id != {office_id}")
        assert moved.strip() == "0", table
        # and no record (the demo data of this version included) without an office
        assert psql(db, f"select count(*) from {table} where office_id is null").strip() == "0", table
    # one journal per office and type, the numbers as they were
    assert psql(db, "select count(*) from coop_document where name is not null and journal_id is null").strip() == "0"
    # the people of the document flow groups are the office's people
    chairman = psql(db, f"select chairman_id from coop_docflow_office where id = {office_id}").strip()
    assert chairman in offices["people"]["group_docflow_chairman"], chairman
    in_charge = set(psql(
        db,
        f"select user_id from coop_docflow_office_deputy_rel where office_id = {office_id} "
        f"union select user_id from coop_docflow_office_secretary_rel where office_id = {office_id} "
        f"union select chairman_id from coop_docflow_office where id = {office_id}",
    ).split())
    secretaries = offices["people"]["group_docflow_secretary"]
    admins = set(psql(
        db,
        "select r.uid from res_groups_users_rel r join ir_model_data d on d.res_id = r.gid "
        "and d.model = 'res.groups' where d.module = 'coop_docflow' and d.name = 'group_docflow_admin'",
    ).split())
    assert secretaries - admins <= in_charge, (secretaries, in_charge)
    # the federation is served by it
    federation = psql(db, "select office_id from coop_union_organization where parent_id is null").split()
    assert federation and set(federation) == {office_id}, federation
    # pre-ticket_followup: every ticket filed before was finished at once; the job exists
    assert psql(db, "select count(*) from helpdesk_ticket where coop_followup_pending").strip() == "0"
    assert psql(
        db, "select count(*) from ir_model_data where module = 'coop_servicedesk' and name = 'ir_cron_ticket_followup'"
    ).strip() == "1"
    check_union_analytics(db)


# the chatter lines 18.0.1.3.0 logged for a member's region alone (coop_union 18.0.1.4.0 drops them)
REGION_LINES = """
    from mail_message m
   where m.model = 'coop.union.member' and m.message_type = 'notification' and coalesce(m.body, '') = ''
     and exists (select 1 from mail_tracking_value v where v.mail_message_id = m.id)
     and not exists (select 1 from mail_tracking_value v join ir_model_fields f on f.id = v.field_id
                      where v.mail_message_id = m.id
                        and not (f.model = 'coop.union.member' and f.name = 'regional_organization_id'))
"""


def prepare_previous(db):
    set_settings(db, SETTINGS)
    # a ticket the bot filed just before the upgrade, its follow-up not done yet
    pending = psql(db, "select max(id) from helpdesk_ticket").strip()
    psql(db, f"update helpdesk_ticket set coop_followup_pending = true where id = {pending}")
    # a region line as 18.0.1.3.0 logged it on a member, and beside it a tracked change of
    # another field, which stays
    member = psql(db, "select min(id) from coop_union_member").strip()
    for name in ("regional_organization_id", "workplace"):
        psql(db, f"""
            with m as (
                insert into mail_message (model, res_id, message_type, body, date, create_date, write_date)
                values ('coop.union.member', {member}, 'notification', '', now(), now(), now()) returning id)
            insert into mail_tracking_value (field_id, mail_message_id, old_value_char, new_value_char,
                                             create_date, write_date)
            select f.id, m.id, '', 'x', now(), now() from m, ir_model_fields f
             where f.model = 'coop.union.member' and f.name = '{name}'
        """)
    lines = int(psql(db, "select count(*) " + REGION_LINES))
    values = int(psql(db, "select count(*) from mail_tracking_value where mail_message_id in (select m.id "
                          + REGION_LINES + ")"))
    member_messages = int(psql(db, "select count(*) from mail_message where model = 'coop.union.member'"))
    return {"pending": pending, "member_messages": member_messages, "region_lines": lines,
            "removed": {"mail_message": lines, "mail_tracking_value": values}}


def check_previous(db, before):
    """What this version promises a database of the previous main (coop_servicedesk 18.0.1.5.0)."""
    # the bot's requests wait in their own table, empty after the upgrade
    assert psql(db, "select to_regclass('coop_telegram_ticket_request')").strip() == "coop_telegram_ticket_request"
    assert psql(db, "select count(*) from coop_telegram_ticket_request").strip() == "0"
    for name in (
        "model_coop_telegram_ticket_request",
        "access_coop_telegram_ticket_request_manager",
        "coop_telegram_ticket_request_action",
        "menu_coop_servicedesk_ticket_requests",
        "ir_cron_ticket_followup",
    ):
        assert xmlid_id(db, "coop_servicedesk", name), name
    # a ticket pending from before is kept pending: the follow-up job still finishes it
    assert psql(db, f"select coop_followup_pending from helpdesk_ticket where id = {before['pending']}").strip() == "t"
    assert psql(db, "select count(*) from helpdesk_ticket where coop_followup_pending").strip() == "1"
    # the manager's list of requests is on the service desk's configuration menu
    parent = psql(
        db,
        "select parent_id from ir_ui_menu where id = "
        f"{xmlid_id(db, 'coop_servicedesk', 'menu_coop_servicedesk_ticket_requests')}",
    ).strip()
    assert parent == xmlid_id(db, "coop_servicedesk", "menu_coop_servicedesk_config"), parent
    # coop_union 18.0.1.4.0: the region lines are gone, every other chatter line of a member stays
    assert before["region_lines"] >= 1
    assert psql(db, "select count(*) " + REGION_LINES).strip() == "0"
    left = int(psql(db, "select count(*) from mail_message where model = 'coop.union.member'"))
    assert left == before["member_messages"] - before["region_lines"], (left, before)
    assert psql(db, "select count(*) from coop_union_member where regional_organization_id is not null").strip() != "0"


def check_union_analytics(db):
    """coop_union's member analytics: every existing member has the age band of his birthdate
    and the regional organisation above his primary one; the dashboard's module is installed."""
    assert int(psql(db, "select count(*) from coop_union_member where birthdate is not null")) > 0
    wrong_band = psql(db, """
        select count(*) from coop_union_member
         where age_band is distinct from (
               case when birthdate is null then null
                    when date_part('year', age(current_date, birthdate)) >= 65 then '65_plus'
                    when date_part('year', age(current_date, birthdate)) >= 55 then '55_64'
                    when date_part('year', age(current_date, birthdate)) >= 45 then '45_54'
                    when date_part('year', age(current_date, birthdate)) >= 35 then '35_44'
                    else 'under_35' end)""")
    assert int(wrong_band) == 0, f"{wrong_band.strip()} members without the age band of their birthdate"
    wrong_region = psql(db, """
        select count(*) from coop_union_member m join coop_union_organization o on o.id = m.organization_id
         where m.regional_organization_id is distinct from o.parent_id""")
    assert int(wrong_region) == 0, f"{wrong_region.strip()} members without their regional organisation"
    assert psql(db, "select state from ir_module_module where name = 'spreadsheet_dashboard'").strip() == "installed"
    assert psql(db, "select count(*) from ir_model_data where module = 'coop_union' "
                    "and name = 'spreadsheet_dashboard_union'").strip() == "1"


@dataclasses.dataclass
class Release:
    commit: str
    addons: str
    versions: dict
    update: str
    prepare: object
    check: object
    # settings a migration of a later version changes on purpose
    changed_keys: tuple = ()
    # addons new since that release: not installed by the upgrade (nothing auto-installs them),
    # installed afterwards with -i as an administrator would, on the upgraded database
    install: str = ""


RELEASES = {
    # the first release of the addons
    "first": Release(
        commit="ff5fa0a6b2d5ce0a232e731c51d8c8c42524dc85",
        addons=ADDONS,
        versions=dict.fromkeys(ADDONS.split(","), "18.0.1.0.0"),
        update="coop_base",
        prepare=prepare_first,
        check=check_first,
        # 18.0.1.1.0: lead enrichment on demand only
        changed_keys=("crm.iap.lead.enrich.setting",),
    ),
    # the release before the previous one
    "second": Release(
        commit="3bf96f66204b05ed5adf70bbdd16f7b675264cfd",
        addons=ADDONS + ",coop_i18n",
        versions={
            **dict.fromkeys(ADDONS.split(","), "18.0.1.1.0"),
            "coop_servicedesk": "18.0.1.2.0",
            "coop_i18n": "18.0.1.0.0",
        },
        update="all",
        prepare=prepare_second,
        check=check_second,
    ),
    # the last landed release (the previous main)
    "previous": Release(
        commit="c7eab30c163f58c32501a3eee20a44484c455695",
        addons=ADDONS + ",coop_i18n,coop_union_hr,coop_union_telegram",
        versions={
            **dict.fromkeys(ADDONS.split(","), "18.0.1.3.0"),
            "coop_servicedesk": "18.0.1.4.0",
            "coop_i18n": "18.0.1.2.0",
            "coop_union_hr": "18.0.1.0.0",
            "coop_union_telegram": "18.0.1.3.0",
        },
        update="all",
        prepare=prepare_previous,
        check=check_previous,
    ),
}


def released_addons(tmp_path, commit):
    """The addons of ``commit``, and an Odoo configuration that loads them instead of ours."""
    known = subprocess.run(["git", "-C", ROOT, "cat-file", "-e", commit + "^{commit}"], check=False)
    assert known.returncode == 0, (
        f"the release {commit} is not in this clone's history (a shallow clone?): "
        "fetch the full history to run the upgrade test"
    )
    archive = tmp_path / "released.tar"
    subprocess.run(["git", "-C", ROOT, "archive", "-o", str(archive), commit, "addons"], check=True, timeout=120)
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


@pytest.mark.parametrize("name", list(RELEASES))
def test_database_of_an_earlier_release_upgrades_keeping_every_record(tmp_path, name):
    release = RELEASES[name]
    conf = released_addons(tmp_path, release.commit)
    prefix = os.environ.get("COOP_UPGRADE_TEST_DB_PREFIX", "coop_upgradetest")
    db = f"{prefix}_{name}_{uuid.uuid4().hex[:8]}"
    log_path = os.path.join(ROOT, ".local", "test-logs", f"{db}.log")
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    try:
        with open(log_path, "a") as log:
            rc = odoo(conf, db, log, "-i", release.addons)
            assert rc == 0, f"installing the release {release.commit} failed, see {log_path}"
            versions = dict(line.split("|") for line in psql(
                db, "select name, latest_version from ir_module_module where name like 'coop_%'"
            ).splitlines())
            assert versions == release.versions, versions
            prepared = release.prepare(db)
            before = row_counts(db)
            assert before["coop_union_member"] and before["helpdesk_ticket"] and before["coop_document"]
            settings_before = settings(db)
            log.write("\n==== upgrade with the current addons ====\n")
            log.flush()
            rc = odoo(ODOO_CONF, db, log, "-u", release.update)
        with open(log_path) as f:
            upgrade_log = f.read().split("==== upgrade with the current addons ====")[-1]
        assert rc == 0, f"the upgrade failed, see {log_path}"
        errors = [line for line in upgrade_log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)]
        assert not errors, "\n".join(errors[:20])

        after = row_counts(db)
        # rows a migration removes on purpose (counted by the release's prepare step)
        removed = (prepared or {}).get("removed", {})
        lost = {t: (n, after.get(t)) for t, n in before.items() if after.get(t, 0) < n - removed.get(t, 0)}
        assert not lost, f"rows lost by the upgrade (before, after): {lost}"
        settings_after = settings(db)
        changed = {
            key: (value, settings_after.get(RENAMED_KEYS.get(key, key)))
            for key, value in settings_before.items()
            if key not in release.changed_keys
            and settings_after.get(RENAMED_KEYS.get(key, key)) != value
        }
        assert not changed, f"settings changed by the upgrade (before, after): {changed}"
        gone = [key for key in RENAMED_KEYS if key in settings_before and key in settings_after]
        assert not gone, f"renamed settings left under their old key: {gone}"
        states = psql(db, "select name, state from ir_module_module where name like 'coop_%' order by name")
        # the release's addons stay installed (addons new in this version are not installed by -u)
        assert all(
            line.endswith("|installed") for line in states.splitlines() if line.split("|")[0] in versions
        ), states
        for addon in versions:
            with open(os.path.join(ROOT, "addons", addon, "__manifest__.py")) as f:
                want = re.search(r'"version":\s*"([^"]+)"', f.read()).group(1)
            have = psql(db, f"select latest_version from ir_module_module where name = '{addon}'").strip()
            assert have == want, (addon, have, want)
        release.check(db, prepared)
        if release.install:
            with open(log_path, "a") as log:
                log.write("\n==== install the new addons ====\n")
                log.flush()
                rc = odoo(ODOO_CONF, db, log, "-i", release.install)
            with open(log_path) as f:
                install_log = f.read().split("==== install the new addons ====")[-1]
            assert rc == 0, f"installing {release.install} on the upgraded database failed, see {log_path}"
            errors = [line for line in install_log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)]
            assert not errors, "\n".join(errors[:20])
            names = "','".join(release.install.split(","))
            states = psql(db, f"select name, state from ir_module_module where name in ('{names}') order by name")
            assert all(line.endswith("|installed") for line in states.splitlines()), states
            installed = row_counts(db)
            lost = {
                t: (n, installed.get(t)) for t, n in before.items() if installed.get(t, 0) < n - removed.get(t, 0)
            }
            assert not lost, f"rows lost by installing {release.install} (before, after): {lost}"
    finally:
        env = dict(os.environ, **PG_ENV)
        subprocess.run(["dropdb", "-w", "--if-exists", db], env=env, check=False, timeout=300)
