from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestHierarchyAccess(UnionCase):
    def _members(self, user):
        return self.env["coop.union.member"].with_user(user).search([("membership_number", "like", "T-")])

    def test_primary_staff_sees_own_organization_only(self):
        self.assertEqual(self._members(self.user_prim_a1), self.member_a1)
        with self.assertRaises(AccessError):
            self.member_b1.with_user(self.user_prim_a1).read(["name"])
        with self.assertRaises(AccessError):
            self.member_a2.with_user(self.user_prim_a1).write({"position": "hacked"})
        # cannot move an own member out of reach, nor create one elsewhere
        with self.assertRaises(AccessError):
            self.env["coop.union.member"].with_user(self.user_prim_a1).create(
                {"name": "Intruder", "membership_number": "T-0900", "organization_id": self.primary_b1.id}
            )

    def test_regional_staff_sees_subtree(self):
        self.assertEqual(self._members(self.user_reg_a), self.member_a1 | self.member_a2)
        self.member_a2.with_user(self.user_reg_a).write({"position": "nurse"})
        with self.assertRaises(AccessError):
            self.member_b1.with_user(self.user_reg_a).write({"position": "hacked"})

    def test_federation_sees_all(self):
        self.assertEqual(self._members(self.user_fed), self.member_a1 | self.member_a2 | self.member_b1)

    def test_read_group_and_export(self):
        Member = self.env["coop.union.member"].with_user(self.user_prim_b1)
        groups = Member.read_group(
            [("membership_number", "like", "T-")], ["organization_id"], ["organization_id"]
        )
        self.assertEqual([g["organization_id"][0] for g in groups], [self.primary_b1.id])
        exported = Member.search([]).export_data(["name", "mobile"])["datas"]
        self.assertEqual(exported, [["Member B1", "+79120000003"]])
        with self.assertRaises(AccessError):
            self.member_a1.with_user(self.user_prim_b1).export_data(["name", "mobile"])

    def test_contacts_do_not_leak(self):
        Partner = self.env["res.partner"]
        for user, visible, hidden in (
            (self.user_prim_a1, self.member_a1, self.member_a2 | self.member_b1),
            (self.user_reg_a, self.member_a1 | self.member_a2, self.member_b1),
            (
                self.user_plain,
                self.env["coop.union.member"],
                self.member_a1 | self.member_a2 | self.member_b1,
            ),
        ):
            found = Partner.with_user(user).search(
                [("email", "in", ["a1@example.com", "a2@example.com", "b1@example.com"])]
            )
            self.assertEqual(found, visible.partner_id, user.login)
            self.assertFalse(Partner.with_user(user).name_search("Member B1"), user.login)
            for member in hidden:
                with self.assertRaises(AccessError):
                    member.partner_id.with_user(user).read(["mobile"])
        found = Partner.with_user(self.user_fed).search(
            [("email", "like", "@example.com"), ("coop_union_path", "!=", False)]
        )
        self.assertGreaterEqual(found, (self.member_a1 | self.member_a2 | self.member_b1).partner_id)
        # ordinary contacts stay visible to everyone
        company = Partner.create({"name": "Supplier LLC"})
        self.assertTrue(company.with_user(self.user_prim_a1).read(["name"]))

    def test_chatter_follows_record_rules(self):
        message = self.member_b1.message_post(body="Confidential note about B1")
        with self.assertRaises(AccessError):
            message.with_user(self.user_prim_a1).read(["body"])
        self.assertFalse(
            self.env["mail.message"].with_user(self.user_prim_a1).search([("id", "=", message.id)])
        )
        self.assertTrue(message.with_user(self.user_prim_b1).read(["body"]))

    def test_staff_change_applies_at_once(self):
        self.assertNotIn(self.member_b1, self._members(self.user_prim_a1))
        self.primary_b1.staff_user_ids = [(4, self.user_prim_a1.id)]
        self.assertIn(self.member_b1, self._members(self.user_prim_a1))

    def test_structure_changed_by_federation_only(self):
        own = self.primary_a1.with_user(self.user_prim_a1)
        own.region = "Orsk"
        self.assertEqual(self.primary_a1.region, "Orsk")
        with self.assertRaises(AccessError):
            own.staff_user_ids = [(4, self.user_plain.id)]
        with self.assertRaises(AccessError):
            own.parent_id = self.region_b
        with self.assertRaises(AccessError):
            self.primary_b1.with_user(self.user_prim_a1).region = "Elsewhere"
        self.primary_a1.with_user(self.user_fed).staff_user_ids = [(4, self.user_plain.id)]
        self.assertIn(self.user_plain, self.primary_a1.staff_user_ids)
