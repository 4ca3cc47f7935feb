import json
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tests import new_test_user, tagged

from ..tools import analytics
from .common import UnionCase


@tagged("post_install", "-at_install")
class TestMemberAnalytics(UnionCase):
    def test_age_band_from_birthdate(self):
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.member_a1.birthdate = today - relativedelta(years=35)
        self.assertEqual(self.member_a1.age_band, "35_44", "the 35th birthday is today")
        self.member_a1.birthdate = today - relativedelta(years=35) + timedelta(days=1)
        self.assertEqual(self.member_a1.age_band, "under_35", "34 until tomorrow")
        self.member_a1.birthdate = today - relativedelta(years=70)
        self.assertEqual(self.member_a1.age_band, "65_plus")
        self.member_a1.birthdate = False
        self.assertFalse(self.member_a1.age_band)

    def test_daily_job_moves_members_into_their_new_band(self):
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.member_a1.birthdate = today - relativedelta(years=45)
        self.member_a2.birthdate = today - relativedelta(years=30)
        self.member_b1.birthdate = False
        self.env.flush_all()
        # as on the eve of the 45th birthday: the stored band is the one of yesterday
        self.env.cr.execute("UPDATE coop_union_member SET age_band = '35_44' WHERE id = %s", [self.member_a1.id])
        self.env.invalidate_all()
        self.assertEqual(self.member_a1.age_band, "35_44")
        self.env["coop.union.member"]._cron_refresh_age_bands()
        self.assertEqual(self.member_a1.age_band, "45_54")
        self.assertEqual(self.member_a2.age_band, "under_35")
        self.assertFalse(self.member_b1.age_band)
        # the statement agrees with the form on any day, 29 February included
        self.member_b1.birthdate = date(2000, 2, 29)
        self.env.flush_all()
        analytics.refresh_age_bands(self.env.cr, date(2035, 2, 28))
        self.env.invalidate_all()
        self.assertEqual(self.member_b1.age_band, "under_35")
        analytics.refresh_age_bands(self.env.cr, date(2035, 3, 1))
        self.env.invalidate_all()
        self.assertEqual(self.member_b1.age_band, "35_44")

    def test_regional_organization_follows_the_tree(self):
        self.assertEqual(self.member_a1.regional_organization_id, self.region_a)
        self.assertEqual(self.member_b1.regional_organization_id, self.region_b)
        self.member_a1.organization_id = self.primary_b1
        self.assertEqual(self.member_a1.regional_organization_id, self.region_b)
        self.primary_b1.parent_id = self.region_a
        self.assertEqual(self.member_b1.regional_organization_id, self.region_a)

    def test_member_pivot_by_region_age_band_gender_category(self):
        category = self.env["coop.union.category"].create({"name": "Test youth"})
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.member_a1.write({"gender": "female", "birthdate": today - relativedelta(years=25),
                              "category_ids": [Command.link(category.id)]})
        self.member_a2.write({"gender": "male", "birthdate": today - relativedelta(years=50)})
        self.member_b1.write({"gender": "female", "birthdate": today - relativedelta(years=28)})
        Member = self.env["coop.union.member"].with_user(self.user_reg_a)
        groups = Member.read_group(
            [], ["__count"], ["regional_organization_id", "age_band", "gender"], lazy=False
        )
        self.assertEqual(
            sorted((g["regional_organization_id"][0], g["age_band"], g["gender"], g["__count"]) for g in groups),
            [(self.region_a.id, "45_54", "male", 1), (self.region_a.id, "under_35", "female", 1)],
        )
        groups = Member.read_group([], ["__count"], ["category_ids"], lazy=False)
        self.assertEqual(
            {g["category_ids"] and g["category_ids"][0]: g["__count"] for g in groups}, {category.id: 1, False: 1}
        )
        joined = Member.read_group([], ["__count"], ["join_date:month"], lazy=False)
        self.assertEqual(sum(g["__count"] for g in joined), 2)


class DynamicsCase(UnionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["coop.union.member"])
        cls.month_ago = cls.today - relativedelta(months=1)
        Member = cls.env["coop.union.member"]
        cls.member_a1.join_date = cls.today - relativedelta(months=3)
        cls.member_a2.write({"join_date": cls.today - relativedelta(months=3), "leave_date": cls.month_ago,
                             "leave_reason": "Retired"})
        cls.member_b1.join_date = cls.month_ago
        cls.member_b2 = Member.create({"name": "Member B2", "membership_number": "T-0004",
                                       "organization_id": cls.primary_b1.id, "join_date": cls.month_ago})
        cls.user_reg_b = new_test_user(
            cls.env, login="t_union_reg_b", groups="base.group_user,coop_union.group_union_user"
        )
        cls.region_b.staff_user_ids = [Command.link(cls.user_reg_b.id)]
        cls.tree = [("organization_path", "=like", cls.federation.parent_path + "%")]


@tagged("post_install", "-at_install")
class TestMembershipDynamics(DynamicsCase):
    def _monthly(self, user, domain=()):
        Dynamics = self.env["coop.union.membership.dynamics"].with_user(user)
        groups = Dynamics.read_group(
            list(domain), ["joined_count:sum", "left_count:sum", "net_count:sum"], ["date:month"], lazy=False
        )
        return {g["date:month"]: (g["joined_count"], g["left_count"], g["net_count"]) for g in groups}

    def test_joined_left_net_per_month(self):
        three = self._label(self.today - relativedelta(months=3))
        one = self._label(self.month_ago)
        self.assertEqual(self._monthly(self.user_fed, self.tree), {three: (2, 0, 2), one: (2, 1, 1)})

    def _label(self, day):
        groups = self.env["coop.union.membership.dynamics"].read_group(
            [("date", "=", day)], ["__count"], ["date:month"], lazy=False
        )
        return groups[0]["date:month"]

    def test_region_sees_its_subtree_only(self):
        three = self._label(self.today - relativedelta(months=3))
        one = self._label(self.month_ago)
        self.assertEqual(self._monthly(self.user_reg_a), {three: (2, 0, 2), one: (0, 1, -1)})
        self.assertEqual(self._monthly(self.user_reg_b), {one: (2, 0, 2)})
        self.assertEqual(self._monthly(self.user_prim_a1), {three: (1, 0, 1)})
        Dynamics = self.env["coop.union.membership.dynamics"]
        rows_b = Dynamics.search([("member_id", "in", (self.member_b1 | self.member_b2).ids)])
        self.assertEqual(len(rows_b), 2)
        self.assertFalse(Dynamics.with_user(self.user_reg_a).search([("id", "in", rows_b.ids)]))
        with self.assertRaises(AccessError):
            rows_b.with_user(self.user_reg_a).read(["net_count"])
        self.assertEqual(rows_b.with_user(self.user_reg_b).mapped("net_count"), [1, 1])

    def test_outside_the_union_no_access(self):
        with self.assertRaises(AccessError):
            self.env["coop.union.membership.dynamics"].with_user(self.user_plain).search([])

    def test_scope_follows_the_staff(self):
        self.region_b.staff_user_ids = [Command.unlink(self.user_reg_b.id)]
        self.assertEqual(self._monthly(self.user_reg_b), {})
        self.region_a.staff_user_ids = [Command.link(self.user_reg_b.id)]
        self.assertEqual(sum(v[0] for v in self._monthly(self.user_reg_b).values()), 2)

    def test_archived_members_not_counted(self):
        self.member_b2.active = False
        one = self._label(self.month_ago)
        self.assertEqual(self._monthly(self.user_reg_b), {one: (1, 0, 1)})


@tagged("post_install", "-at_install")
class TestUnionDashboard(DynamicsCase):
    """The dashboard's pivots, read as the spreadsheet reads them (read_group with the rights of
    the user who opens it): each region's staff count their own subtree only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Appeal = cls.env["coop.union.appeal"]
        Appeal.create([
            {"subject": "A1 appeal", "member_id": cls.member_a1.id, "organization_id": cls.primary_a1.id,
             "channel": "email"},
            {"subject": "A2 appeal", "member_id": cls.member_a2.id, "organization_id": cls.primary_a2.id,
             "channel": "visit"},
            {"subject": "B1 appeal", "member_id": cls.member_b1.id, "organization_id": cls.primary_b1.id,
             "channel": "email"},
        ])
        Award = cls.env["coop.union.award"]
        Award.create([
            {"member_id": m.id, "award_type_id": cls.award_type.id, "year": cls.today.year, "justification": "Work"}
            for m in (cls.member_a1, cls.member_b1, cls.member_b2)
        ])
        cls.dashboard = cls.env.ref("coop_union.spreadsheet_dashboard_union")

    def _pivots(self):
        data = json.loads(self.dashboard.spreadsheet_data)
        return data["pivots"]

    def _read_pivot(self, pivot, user, extra_domain=()):
        """What the spreadsheet asks for a pivot: one grouped read over its rows and columns."""
        groupby = [
            dim["fieldName"] + (":" + dim["granularity"] if dim.get("granularity") else "")
            for dim in pivot["rows"] + pivot["columns"]
        ]
        measures = [m["fieldName"] if m["fieldName"] == "__count" else m["fieldName"] + ":sum"
                    for m in pivot["measures"]]
        domain = expression.AND([pivot["domain"], list(extra_domain)])
        groups = self.env[pivot["model"]].with_user(user).read_group(domain, measures, groupby, lazy=False)
        key = measures[-1].split(":")[0]
        total = sum(g[key] for g in groups)
        return groups, total

    def test_dashboard_is_valid_and_for_union_staff(self):
        self.dashboard._check_spreadsheet_data()
        self.assertEqual(self.dashboard.group_ids, self.env.ref("coop_union.group_union_user"))
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.user_reg_a).search([]))
        self.assertIn(self.dashboard, Dashboard.with_user(self.user_prim_a1).search([]))
        self.assertNotIn(self.dashboard, Dashboard.with_user(self.user_plain).search([]))
        menus = self.env["ir.ui.menu"].with_user(self.user_reg_a).search(
            [("id", "child_of", self.env.ref("coop_union.menu_coop_union_root").id)]
        )
        for action in ("action_coop_union_dashboard", "action_coop_union_member_analysis",
                       "action_coop_union_membership_dynamics", "action_coop_union_award_analysis"):
            self.assertIn(self.env.ref("coop_union." + action), menus.mapped("action"))
        self.assertFalse(self.dashboard.with_user(self.user_plain).has_access("read"))
        # Odoo's method reads the file through the attachment, which he cannot read either
        with self.assertRaises(TypeError):
            self.dashboard.with_user(self.user_plain).get_readonly_dashboard()
        snapshot = self.dashboard.with_user(self.user_reg_a).get_readonly_dashboard()["snapshot"]
        self.assertEqual(
            {p["model"] for p in snapshot["pivots"].values()},
            {"coop.union.member", "coop.union.membership.dynamics", "coop.union.appeal", "coop.union.award"},
        )

    def test_two_regions_see_their_own_figures(self):
        pivots = self._pivots()
        by_model = {p["model"]: p for p in pivots.values()}
        # members (current only): A1 in region A (A2 has left); B1 and B2 in region B
        member_pivot = by_model["coop.union.member"]
        groups, total = self._read_pivot(member_pivot, self.user_reg_a)
        self.assertEqual(total, 1)
        self.assertEqual({g["regional_organization_id"][0] for g in groups}, {self.region_a.id})
        groups, total = self._read_pivot(member_pivot, self.user_reg_b)
        self.assertEqual(total, 2)
        self.assertEqual({g["regional_organization_id"][0] for g in groups}, {self.region_b.id})
        self.assertEqual(self._read_pivot(member_pivot, self.user_fed, self.tree)[1], 3)
        # net change per month: A: +2 -1; B: +2
        dynamics = by_model["coop.union.membership.dynamics"]
        self.assertEqual(self._read_pivot(dynamics, self.user_reg_a)[1], 1)
        self.assertEqual(self._read_pivot(dynamics, self.user_reg_b)[1], 2)
        self.assertEqual(self._read_pivot(dynamics, self.user_fed, self.tree)[1], 3)
        # appeals by channel and state
        appeals = by_model["coop.union.appeal"]
        groups, total = self._read_pivot(appeals, self.user_reg_a)
        self.assertEqual(total, 2)
        self.assertEqual({g["channel"] for g in groups}, {"email", "visit"})
        groups, total = self._read_pivot(appeals, self.user_reg_b)
        self.assertEqual((total, {g["channel"] for g in groups}), (1, {"email"}))
        self.assertEqual(self._read_pivot(appeals, self.user_fed, self.tree)[1], 3)
        # awards by type and year
        awards = by_model["coop.union.award"]
        self.assertEqual(self._read_pivot(awards, self.user_reg_a)[1], 1)
        self.assertEqual(self._read_pivot(awards, self.user_reg_b)[1], 2)
        self.assertEqual(self._read_pivot(awards, self.user_fed, self.tree)[1], 3)
        # a primary organisation's clerk: his organisation only
        self.assertEqual(self._read_pivot(member_pivot, self.user_prim_b1)[1], 2)
        self.assertEqual(self._read_pivot(member_pivot, self.user_prim_a1)[1], 1)

    def test_only_union_administrators_share_the_dashboard_publicly(self):
        Share = self.env["spreadsheet.dashboard.share"]
        data = self.dashboard.spreadsheet_data
        for user in (self.user_reg_a, self.user_fed):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Share.with_user(user).action_get_share_url(
                    {"dashboard_id": self.dashboard.id, "spreadsheet_data": data}
                )
        self.assertFalse(Share.search([("dashboard_id", "=", self.dashboard.id)]))
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("coop_union.group_union_manager"))
        url = Share.with_user(admin).action_get_share_url({"dashboard_id": self.dashboard.id, "spreadsheet_data": data})
        self.assertIn("/dashboard/share/", url)
        self.assertEqual(Share.search_count([("dashboard_id", "=", self.dashboard.id)]), 1)
