"""Circles at the scale of a large cooperative: what the rules of every coop addon lean on.

Builds a throw-away database with coop_circles (no demo), creates CIRCLES circles with
ROLES_PER_CIRCLE roles each and USERS people holding 3 roles each, then measures
  1. creating the role assignments (stored members recomputed on the way), per 100;
  2. the daily job refreshing every circle's members;
  3. reading one person's circles (what record rules use: user.coop_circle_ids.ids), median;
  4. a record-rule-like search of agreements in a person's circles, median.
Prints the figures and drops the database.
"""

import os
import sys

from benchlib import run_shell_bench

CIRCLES = int(os.environ.get("BENCH_CIRCLES", "200"))
ROLES_PER_CIRCLE = int(os.environ.get("BENCH_ROLES_PER_CIRCLE", "5"))
USERS = int(os.environ.get("BENCH_CIRCLE_USERS", "1000"))

SCRIPT = r"""
import statistics, time
from odoo import fields
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True,
                       no_reset_password=True))
circles = env["coop.circle"].create([{"name": "Circle %%d" %% i, "kind": "producing"} for i in range(%(circles)d)])
roles = env["coop.role"].create([
    {"name": "Role %%d" %% j, "circle_id": c.id} for c in circles for j in range(%(roles)d)
])
users = env["res.users"].create([
    {"name": "Person %%d" %% i, "login": "bench_person_%%d" %% i} for i in range(%(users)d)
])
env.cr.commit()
vals = []
for i, user in enumerate(users):
    for k in range(3):
        vals.append({"role_id": roles[(i * 7 + k * 131) %% len(roles)].id, "user_id": user.id})
t0 = time.perf_counter()
for start in range(0, len(vals), 100):
    env["coop.role.assignment"].create(vals[start:start + 100])
    env.flush_all()
create_s = time.perf_counter() - t0
env.cr.commit()
env["coop.agreement"].create([
    {"name": "Agreement %%d" %% i, "circle_id": c.id, "text": "x"} for i, c in enumerate(circles)
])
env.cr.commit()
t0 = time.perf_counter()
env["coop.circle"]._cron_recompute_members()
env.flush_all()
cron_s = time.perf_counter() - t0
reads, searches = [], []
for user in users[:200]:
    env.invalidate_all()
    t0 = time.perf_counter()
    ids = user.coop_circle_ids.ids
    reads.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    env["coop.agreement"].with_user(user).search([("circle_id", "in", ids)])
    searches.append(time.perf_counter() - t0)
print("BENCH assignments: %%d, create per 100: %%.1f ms" %% (len(vals), create_s * 1000 / (len(vals) / 100)))
print("BENCH daily members refresh of %%d circles: %%.0f ms" %% (len(circles), cron_s * 1000))
print("BENCH user.coop_circle_ids median: %%.2f ms" %% (statistics.median(reads) * 1000))
print("BENCH agreements in my circles (as the user) median: %%.2f ms" %% (statistics.median(searches) * 1000))
"""


def main():
    script = SCRIPT % {"circles": CIRCLES, "roles": ROLES_PER_CIRCLE, "users": USERS}
    header = "circles=%d roles=%d people=%d" % (CIRCLES, CIRCLES * ROLES_PER_CIRCLE, USERS)
    return run_shell_bench("circles_bench", "coop_circles", script, header)


if __name__ == "__main__":
    sys.exit(main())
