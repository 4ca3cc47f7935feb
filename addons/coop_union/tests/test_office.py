from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestOrganizationOffice(UnionCase):
    """An organisation's office: created by the federation's staff, under the office above it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.head_office = cls.env.ref("coop_docflow.office_main")
        cls.federation.office_id = cls.head_office
        cls.region_a.chairman_id = cls.member_a1
        cls.chairman_user = new_test_user(
            cls.env,
            login="t_union_chairman_a",
            groups="base.group_user",
            partner_id=cls.member_a1.partner_id.id,
        )

    def test_create_office_under_the_office_above(self):
        self.region_a.with_user(self.user_fed).action_create_office()
        office = self.region_a.office_id
        self.assertEqual(office.name, "Regional A")
        self.assertEqual(office.code, "T-RA")
        self.assertEqual(office.parent_id, self.head_office)
        self.assertEqual(office.chairman_id, self.chairman_user)
        self.assertTrue(self.chairman_user.has_group("coop_docflow.group_docflow_chairman"))
        self.assertEqual(sorted(office.journal_ids.mapped("prefix")), ["T-RA-Вн", "T-RA-Вх", "T-RA-Исх"])
        # a primary organisation's office goes under its region's, skipping none
        self.primary_a1.with_user(self.user_fed).action_create_office()
        self.assertEqual(self.primary_a1.office_id.parent_id, office)
        self.assertFalse(self.primary_a1.office_id.chairman_id)
        # an organisation without an office is served by the nearest one above it
        self.assertEqual(self.primary_a2._coop_office(), office)
        self.assertEqual(self.primary_b1._coop_office(), self.head_office)
        with self.assertRaises(UserError):
            self.region_a.with_user(self.user_fed).action_create_office()

    def test_only_federation_staff_set_offices(self):
        for user in (self.user_reg_a, self.user_prim_a1, self.user_plain):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.primary_a1.with_user(user).action_create_office()
        self.assertFalse(self.primary_a1.office_id)
        with self.assertRaises(AccessError):
            self.primary_a1.with_user(self.user_reg_a).write({"office_id": self.head_office.id})
        self.assertFalse(self.primary_a1.office_id)

    def test_appeal_registered_in_its_organisations_office(self):
        self.primary_a1.with_user(self.user_fed).action_create_office()
        appeal = (
            self.env["coop.union.appeal"]
            .with_user(self.user_prim_a1)
            .create(
                {
                    "subject": "Shift schedule",
                    "text": "Night shifts are not paid extra.",
                    "member_id": self.member_a1.id,
                    "organization_id": self.primary_a1.id,
                }
            )
        )
        appeal.action_register_document()
        document = appeal.sudo().document_id
        self.assertEqual(document.office_id, self.primary_a1.office_id)
        self.assertTrue(document.name.startswith("T-A1-Вх-"))
