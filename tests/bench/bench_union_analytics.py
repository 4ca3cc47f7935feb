"""The union's figures at full size: 20 regional and 2,700 primary organisations, 254,000 members
(with 30,000 appeals and 6,000 awards).

Builds a throw-away database with coop_union (no demo), fills it in SQL (a few seconds instead of
the import's minutes: the import is measured by bench_union_scale.py), then measures for a user
of the federation's staff, each as the median of repeated loads:
  - the peer: the first page of the member list (the list view's fields and the pager's count, as
    the web client asks it), read in the same run;
  - the membership dynamics pivot over the last 12 months (joined, left, net per month: the
    grouped reads the pivot view makes) (goal: under 1 s);
  - the data load of the «Union» dashboard: the dashboard's file and every grouped read its
    pivots and its chart make, with the default period filter (goal: under 3 s);
each as a ratio to the peer, plus the same two for a regional organisation's staff (one
region's subtree). Prints the figures, adds them to the closing table of `make bench` and drops
the database.

BENCH_UNION_MEMBERS, BENCH_UNION_REGIONAL and BENCH_UNION_PRIMARY scale it down for a quick run.
"""

import os
import sys

from benchlib import run_shell_bench

MEMBERS = int(os.environ.get("BENCH_UNION_MEMBERS", "254000"))
REGIONAL = int(os.environ.get("BENCH_UNION_REGIONAL", "20"))
PRIMARY = int(os.environ.get("BENCH_UNION_PRIMARY", "2700"))

SCRIPT = r"""
import statistics, time
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from odoo import fields
from odoo.osv import expression
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                       no_reset_password=True))
MEMBERS, REGIONAL, PRIMARY = %(members)d, %(regional)d, %(primary)d
APPEALS, AWARDS = max(MEMBERS // 8, 1), max(MEMBERS // 40, 1)
Org = env["coop.union.organization"]
fed = Org.create({"name": "Федерация профсоюзов Оренбургской области", "code": "FED", "level": "federation"})
regions = Org.create([{"name": "Областная организация %%d" %% i, "code": "R%%d" %% i, "level": "regional",
                       "parent_id": fed.id} for i in range(REGIONAL)])
primaries = Org.create([{"name": "ППО %%d" %% i, "code": "P%%d" %% i, "level": "primary",
                         "parent_id": regions[i %% REGIONAL].id} for i in range(PRIMARY)])
award_types = env["coop.union.award.type"].create([{"name": "Награда %%d" %% i} for i in range(4)])
env.flush_all()
cr = env.cr
t0 = time.perf_counter()
cr.execute("CREATE TEMP TABLE bench_org (n int, id int, path varchar, parent int)")
cr.execute("INSERT INTO bench_org SELECT row_number() OVER (ORDER BY id) - 1, id, parent_path, parent_id "
           "FROM coop_union_organization WHERE level = 'primary'")
# members: a contact each, joined over 15 years, one in twelve left in the last 3 years
cr.execute(
    "INSERT INTO res_partner (name, ref, mobile, active, type, create_uid, write_uid, create_date, write_date) "
    "SELECT 'Член профсоюза ' || i, 'BENCH-' || i, '+7912' || lpad(i::text, 7, '0'), true, 'contact', 1, 1, now(), now() "
    "FROM generate_series(0, %%s - 1) i", [MEMBERS])
cr.execute(
    "INSERT INTO coop_union_member (partner_id, name, mobile, membership_number, organization_id, organization_path, "
    "regional_organization_id, join_date, leave_date, leave_reason, state, birthdate, gender, active, consent_email, "
    "consent_sms, sms_number, sms_valid, create_uid, write_uid, create_date, write_date) "
    "SELECT p.id, p.name, p.mobile, '56-' || lpad(x.i::text, 7, '0'), o.id, o.path, o.parent, x.joined, "
    "       CASE WHEN x.i %%%% 12 = 0 THEN greatest(x.joined, current_date - ((x.i::bigint * 104729) %%%% 1095)::int) END, "
    "       CASE WHEN x.i %%%% 12 = 0 THEN 'Выход по собственному желанию' END, "
    "       CASE WHEN x.i %%%% 12 = 0 THEN 'left' ELSE 'member' END, "
    "       date '1955-01-01' + (x.i * 7) %%%% 18250, CASE WHEN x.i %%%% 2 = 0 THEN 'female' ELSE 'male' END, "
    "       true, true, true, p.mobile, true, 1, 1, now(), now() "
    "  FROM res_partner p "
    "  CROSS JOIN LATERAL (SELECT substr(p.ref, 7)::int AS i, current_date - ((substr(p.ref, 7)::bigint * 7919) %%%% 5475)::int AS joined) x "
    "  JOIN bench_org o ON o.n = x.i %%%% %%s "
    " WHERE p.ref LIKE 'BENCH-%%%%'", [PRIMARY])
env["coop.union.member"]._cron_refresh_age_bands()
cr.execute(
    "INSERT INTO coop_union_appeal (name, subject, date, channel, state, organization_id, organization_path, "
    "create_uid, write_uid, create_date, write_date) "
    "SELECT 'ОБР-' || i, 'Обращение ' || i, current_date - i %%%% 730, "
    "       (ARRAY['visit', 'paper', 'email', 'web', 'phone', 'messenger'])[1 + i %%%% 6], "
    "       (ARRAY['new', 'in_progress', 'answered', 'closed'])[1 + i %%%% 4], o.id, o.path, 1, 1, now(), now() "
    "  FROM generate_series(0, %%s - 1) i JOIN bench_org o ON o.n = (i::bigint * 31) %%%% %%s", [APPEALS, PRIMARY])
cr.execute(
    "INSERT INTO coop_union_award (year, name, award_type_id, justification, organization_id, organization_path, "
    "cash_gift, create_uid, write_uid, create_date, write_date) "
    "SELECT extract(year from current_date)::int - i %%%% 6, 'Член профсоюза ' || i, (%%s::int[])[1 + i %%%% %%s], "
    "       'За многолетний добросовестный труд', o.id, o.path, 5000, 1, 1, now(), now() "
    "  FROM generate_series(0, %%s - 1) i JOIN bench_org o ON o.n = (i::bigint * 17) %%%% %%s",
    [award_types.ids, len(award_types), AWARDS, PRIMARY])
env.cr.commit()
cr.execute("ANALYZE res_partner; ANALYZE coop_union_member; ANALYZE coop_union_appeal; ANALYZE coop_union_award")
env.invalidate_all()
cr.execute("SELECT count(*), count(leave_date), count(age_band) FROM coop_union_member")
count, left, banded = cr.fetchone()
print("BENCH data: %%d members (%%d left, %%d with an age band), %%d appeals, %%d awards, filled in SQL in %%.1f s" %% (
    count, left, banded, APPEALS, AWARDS, time.perf_counter() - t0))

Users = env["res.users"]
u_fed = Users.create({"name": "Federation staff", "login": "bench_fed",
                      "groups_id": [(6, 0, [env.ref("coop_union.group_union_federation").id])]})
u_reg = Users.create({"name": "Regional staff", "login": "bench_reg",
                      "groups_id": [(6, 0, [env.ref("coop_union.group_union_user").id])]})
fed.staff_user_ids = [(4, u_fed.id)]
regions[0].staff_user_ids = [(4, u_reg.id)]
env.cr.commit()

def median_ms(fn, runs=15, warm=3):
    times = []
    for _i in range(runs + warm):
        env.invalidate_all()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times[warm:]) * 1000, result

m2o = {"fields": {"display_name": {}}}
tags = {"fields": {"display_name": {}, "color": {}}}
member_spec = {"name": {}, "membership_number": {}, "organization_id": m2o, "workplace": {}, "position": {},
               "industry_id": m2o, "mobile": {}, "email": {}, "discount_card": {}, "sms_valid": {},
               "category_ids": tags, "state": {}}
def first_page(user):
    return env["coop.union.member"].with_user(user).web_search_read(
        [("state", "=", "member")], member_spec, limit=80, count_limit=10001)["length"]

today = fields.Date.context_today(env["coop.union.member"])
dyn_domain = [("date", ">=", today + relativedelta(months=-11, day=1))]
dyn_measures = ["joined_count:sum", "left_count:sum", "net_count:sum"]
def dynamics_pivot(user):
    # the pivot view's reads: the total, then one line per month
    Dyn = env["coop.union.membership.dynamics"].with_user(user)
    Dyn.read_group(dyn_domain, dyn_measures, [], lazy=False)
    return len(Dyn.read_group(dyn_domain, dyn_measures, ["date:month"], lazy=False))

dashboard = env.ref("coop_union.spreadsheet_dashboard_union")
# the default value of the period filter, "last_year": the last 365 days
period = [today - timedelta(days=365), today]
def measure_spec(name):
    return name if name == "__count" else name + ":sum"
def dashboard_load(user):
    data = dashboard.with_user(user).get_readonly_dashboard()["snapshot"]
    filters = {f["id"] for f in data["globalFilters"]}
    reads = 0
    def with_period(domain, matching):
        for filter_id, match in matching.items():
            if filter_id in filters and match.get("chain"):
                domain = expression.AND([domain, [(match["chain"], ">=", period[0]), (match["chain"], "<=", period[1])]])
        return domain
    for pivot in data["pivots"].values():
        Model = env[pivot["model"]].with_user(user)
        domain = with_period(pivot["domain"], pivot.get("fieldMatching", {}))
        measures = [measure_spec(m["fieldName"]) for m in pivot["measures"]]
        dims = lambda dl: [d["fieldName"] + (":" + d["granularity"] if d.get("granularity") else "") for d in dl]
        rows, cols = dims(pivot["rows"]), dims(pivot["columns"])
        # the pivot's reads: every combination of the row and column groupings' prefixes
        for i in range(len(rows) + 1):
            for j in range(len(cols) + 1):
                Model.read_group(domain, measures, rows[:i] + cols[:j], lazy=False)
                reads += 1
    for sheet in data["sheets"]:
        for figure in sheet["figures"]:
            chart = figure["data"]
            if figure["tag"] != "chart" or "metaData" not in chart:
                continue
            meta = chart["metaData"]
            domain = with_period(chart["searchParams"]["domain"], chart.get("fieldMatching", {}))
            env[meta["resModel"]].with_user(user).read_group(
                domain, [measure_spec(meta["measure"])], meta["groupBy"], lazy=False)
            reads += 1
    return reads

peer_ms, visible = median_ms(lambda: first_page(u_fed))
print("BENCH member list first page, federation staff: %%.1f ms (%%d members)" %% (peer_ms, visible))
for label, user in (("federation", u_fed), ("regional", u_reg)):
    ms, months = median_ms(lambda: dynamics_pivot(user))
    print("BENCH membership dynamics pivot, %%s staff: %%.1f ms (%%d months), %%.2fx the member list" %% (
        label, ms, months, ms / peer_ms))
    row("membership dynamics pivot, 12 months, %%s staff (ms)" %% label, peer_ms, ms, "ms", "< 1000 ms",
        met=ms < 1000, note="peer: member list first page, federation staff")
    ms, reads = median_ms(lambda: dashboard_load(user), runs=7, warm=2)
    print("BENCH dashboard data load, %%s staff: %%.1f ms (%%d grouped reads), %%.2fx the member list" %% (
        label, ms, reads, ms / peer_ms))
    row("«Union» dashboard data load, %%s staff (ms)" %% label, peer_ms, ms, "ms", "< 3000 ms",
        met=ms < 3000, note="peer: member list first page, federation staff; %%d grouped reads" %% reads)
"""


def main():
    script = SCRIPT % {"members": MEMBERS, "regional": REGIONAL, "primary": PRIMARY}
    header = "regional=%d primary=%d members=%d" % (REGIONAL, PRIMARY, MEMBERS)
    return run_shell_bench("union_analytics_bench", "coop_union", script, header)


if __name__ == "__main__":
    sys.exit(main())
