"""The union federation at full size: 20 regional and 2,700 primary organisations, 254,000 members.

Builds a throw-away database with coop_union (no demo), then measures
  1. member import through the import wizard's path (validation, partners, members), members/s
     (goal: 1,000/s or better);
  2. the first page of the member list (search + count, as the list view asks it) for a primary
     and a regional organisation's staff user and a federation user, median of repeated loads,
     and the ratios to the federation user (goal: within 1.5x and under 150 ms);
  3. an SMS mailing to every member: time to queue it in committed chunks (goal: under 2 min),
     then the send rate through a loopback server speaking SMS.ru's protocol in another process
     (goal: 300 SMS/s or better), with the duplicates and the lost SMS counted (goal: zero).
Prints the figures and drops the database.

BENCH_UNION_MEMBERS, BENCH_UNION_REGIONAL and BENCH_UNION_PRIMARY scale it down for a quick run.
"""

import os
import subprocess
import sys

from benchlib import PY, ROOT, run_shell_bench

SMS_SERVER = os.path.join(ROOT, "addons", "coop_union", "tests", "sms_server.py")
MEMBERS = int(os.environ.get("BENCH_UNION_MEMBERS", "254000"))
REGIONAL = int(os.environ.get("BENCH_UNION_REGIONAL", "20"))
PRIMARY = int(os.environ.get("BENCH_UNION_PRIMARY", "2700"))

SCRIPT = r"""
import json, statistics, time, urllib.request
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                       no_reset_password=True))
MEMBERS, REGIONAL, PRIMARY, SMS_URL = %(members)d, %(regional)d, %(primary)d, %(sms_url)r
Org = env["coop.union.organization"]
fed = Org.create({"name": "Федерация профсоюзов Оренбургской области", "code": "FED", "level": "federation"})
regions = Org.create([{"name": "Областная организация %%d" %% i, "code": "R%%d" %% i, "level": "regional",
                       "parent_id": fed.id} for i in range(REGIONAL)])
primaries = Org.create([{"name": "ППО %%d" %% i, "code": "P%%d" %% i, "level": "primary",
                         "parent_id": regions[i %% REGIONAL].id} for i in range(PRIMARY)])
env.cr.commit()

# 1. import through the wizard's path, in files of 10,000 rows
rows = [{"name": "Член профсоюза %%d" %% i, "membership_number": "56-%%07d" %% i,
         "organization": "P%%d" %% (i %% PRIMARY), "birthdate": "%%02d.%%02d.19%%02d" %% (1 + i %% 28, 1 + i %% 12, 50 + i %% 50),
         "mobile": "+7912%%07d" %% i, "workplace": "Предприятие %%d" %% (i %% PRIMARY), "position": "специалист",
         "discount_card": ("ПД-%%d" %% i) if i %% 3 == 0 else ""} for i in range(MEMBERS)]
Member = env["coop.union.member"]
t0 = time.perf_counter()
imported = rejected = 0
for start in range(0, MEMBERS, 10000):
    created, bad = Member._coop_import_rows(rows[start:start + 10000], first_row=2)
    imported += len(created)
    rejected += len(bad)
    env.cr.commit()
    env.invalidate_all()
import_s = time.perf_counter() - t0
print("BENCH import: %%d members in %%.1f s: %%.0f members/s (%%d rejected)" %% (imported, import_s, imported / import_s, rejected))
env.cr.execute("ANALYZE coop_union_member; ANALYZE res_partner")

# 2. first page of the member list
Users = env["res.users"]
group_user = env.ref("coop_union.group_union_user")
group_fed = env.ref("coop_union.group_union_federation")
u_prim = Users.create({"name": "Primary staff", "login": "bench_prim", "groups_id": [(6, 0, [group_user.id])]})
u_reg = Users.create({"name": "Regional staff", "login": "bench_reg", "groups_id": [(6, 0, [group_user.id])]})
u_fed = Users.create({"name": "Federation staff", "login": "bench_fed", "groups_id": [(6, 0, [group_fed.id])]})
primaries[0].staff_user_ids = [(4, u_prim.id)]
regions[0].staff_user_ids = [(4, u_reg.id)]
fed.staff_user_ids = [(4, u_fed.id)]
env.cr.commit()
spec = {"name": {}, "membership_number": {}, "organization_id": {"fields": {"display_name": {}}}, "mobile": {}}
def first_page(user):
    times = []
    for _i in range(25):
        env.invalidate_all()
        t0 = time.perf_counter()
        res = Member.with_user(user).web_search_read([("state", "=", "member")], spec, limit=80, count_limit=10001)
        times.append(time.perf_counter() - t0)
    return statistics.median(times[5:]) * 1000, res["length"]
figures = {}
for label, user in (("federation", u_fed), ("regional", u_reg), ("primary", u_prim)):
    figures[label] = first_page(user)
for label in ("primary", "regional", "federation"):
    ms, count = figures[label]
    print("BENCH first page, %%s staff: %%.1f ms median (%%d members visible), %%.2fx federation" %% (
        label, ms, count, ms / figures["federation"][0]))

# 3. SMS mailing to everyone
gateway = env["coop.sms.gateway"].create({"name": "Loopback SMS.ru", "url": SMS_URL, "api_key": "test-key",
                                          "batch_size": 100, "rate_limit": 0, "timeout": 30})
mailing = env["mailing.mailing"].create({
    "subject": "Новости ПрофДИСКОНТ", "mailing_type": "sms", "body_plaintext": "Новые партнёры программы ПрофДИСКОНТ",
    "mailing_model_id": env["ir.model"]._get("coop.union.member").id, "mailing_domain": "[]",
    "sms_allow_unsubscribe": False, "keep_archives": False,
})
env.cr.commit()
t0 = time.perf_counter()
mailing.with_context(coop_mailing_commit=True).action_send_sms()
env.cr.commit()
queue_s = time.perf_counter() - t0
queued = env["sms.sms"].search_count([("mailing_id", "=", mailing.id), ("state", "=", "outgoing")])
print("BENCH SMS mailing queued: %%d SMS in %%.1f s" %% (queued, queue_s))
t0 = time.perf_counter()
handed = env["sms.sms"]._coop_run_queue(gateway, time_budget=10 ** 9)
send_s = time.perf_counter() - t0
stats = json.loads(urllib.request.urlopen(SMS_URL + "/stats").read())
env.cr.execute("SELECT state, count(*) FROM sms_sms WHERE mailing_id = %%s GROUP BY state", [mailing.id])
states = dict(env.cr.fetchall())
lost = queued - stats["received"]
print("BENCH SMS sent: %%d in %%.1f s: %%.0f SMS/s; received by the gateway %%d, duplicates %%d, lost %%d, states %%s" %% (
    handed, send_s, handed / send_s, stats["received"], stats["duplicates"], lost, states))
"""


def main():
    server = subprocess.Popen([PY, SMS_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        script = SCRIPT % {
            "members": MEMBERS,
            "regional": REGIONAL,
            "primary": PRIMARY,
            "sms_url": "http://127.0.0.1:%d" % port,
        }
        header = "regional=%d primary=%d members=%d" % (REGIONAL, PRIMARY, MEMBERS)
        return run_shell_bench("union_bench", "coop_union", script, header)
    finally:
        server.terminate()


if __name__ == "__main__":
    sys.exit(main())
