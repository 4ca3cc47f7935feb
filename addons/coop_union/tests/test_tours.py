from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUnionTours(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Org = cls.env["coop.union.organization"]
        fed = Org.create({"name": "Tour federation", "level": "federation"})
        region = Org.create({"name": "Tour region", "level": "regional", "parent_id": fed.id})
        cls.own = Org.create({"name": "Tour own", "level": "primary", "parent_id": region.id})
        cls.other = other = Org.create({"name": "Tour other", "level": "primary", "parent_id": region.id})
        cls.staff = new_test_user(
            cls.env, login="tour_union_staff", groups="base.group_user,coop_union.group_union_user"
        )
        cls.own.staff_user_ids = cls.staff
        Member = cls.env["coop.union.member"]
        cls.member = Member.create(
            {"name": "Членова Своя", "membership_number": "TOUR-1", "organization_id": cls.own.id}
        )
        Member.create(
            {"name": "Членова Чужая", "membership_number": "TOUR-2", "organization_id": other.id}
        )

    def test_appeal_registered_in_one_click(self):
        appeal = self.env["coop.union.appeal"].create(
            {"subject": "Tour appeal", "member_id": self.member.id, "organization_id": self.own.id}
        )
        self.start_tour(
            f"/odoo/action-coop_union.action_coop_union_appeal/{appeal.id}",
            "coop_union_appeal_tour",
            login="tour_union_staff",
        )
        self.assertEqual(appeal.document_id.doc_type, "incoming")
        self.assertEqual(appeal.document_id.sender_id, self.member.partner_id)

    def test_member_list_shows_own_subtree(self):
        self.start_tour(
            "/odoo/action-coop_union.action_coop_union_member",
            "coop_union_member_list_tour",
            login="tour_union_staff",
        )

    def test_mailings_and_lists_of_own_organisation(self):
        """Union > Mailings opens for an organisation's staff: its lists and mailings, not another's."""
        List = self.env["mailing.list"]
        List.create({"name": "Пресса своя", "coop_union_organization_id": self.own.id})
        List.create({"name": "Пресса чужая", "coop_union_organization_id": self.other.id})
        member_model = self.env["ir.model"]._get("coop.union.member")
        for name, org, user in (("своя", self.own, self.staff), ("чужая", self.other, self.env.ref("base.user_admin"))):
            self.env["mailing.mailing"].create(
                {
                    "subject": f"Рассылка {name}",
                    "mailing_type": "sms",
                    "body_plaintext": "Собрание",
                    "mailing_model_id": member_model.id,
                    "coop_union_organization_id": org.id,
                    "user_id": user.id,
                }
            )
        for action in ("mass_mailing.action_view_mass_mailing_lists", "mass_mailing_sms.mailing_mailing_action_sms"):
            with self.subTest(action=action):
                self.start_tour(f"/odoo/action-{action}", "coop_union_own_rows_tour", login="tour_union_staff")

    def test_dashboard_opens_for_regional_staff(self):
        regional = self.own.parent_id
        staff = new_test_user(
            self.env, login="tour_union_regional", groups="base.group_user,coop_union.group_union_user"
        )
        regional.staff_user_ids = staff
        self.start_tour(
            "/odoo/action-coop_union.action_coop_union_dashboard",
            "coop_union_dashboard_tour",
            login="tour_union_regional",
        )
