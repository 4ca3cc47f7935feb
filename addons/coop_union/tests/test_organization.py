from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestOrganization(UnionCase):
    def test_tree_and_member_count(self):
        self.assertTrue(self.primary_a1.parent_path.startswith(self.region_a.parent_path))
        self.assertEqual(self.region_a.member_count, 2)
        self.assertEqual(self.federation.member_count, 3)
        self.assertEqual(self.primary_b1.member_count, 1)
        self.assertIn(self.region_a.name, self.primary_a1.complete_name)

    def test_member_counts_of_many_organisations(self):
        """A list of organisations counts its members in one go, each its own and its subtree's."""
        orgs = (
            self.federation
            | self.region_a
            | self.region_b
            | self.primary_a1
            | self.primary_a2
            | self.primary_b1
        )
        orgs.invalidate_recordset(["member_count", "direct_member_count"])
        counts = {
            org["id"]: (org["member_count"], org["direct_member_count"])
            for org in orgs.read(["member_count", "direct_member_count"])
        }
        self.assertEqual(
            counts,
            {
                self.federation.id: (3, 0),
                self.region_a.id: (2, 0),
                self.region_b.id: (1, 0),
                self.primary_a1.id: (1, 1),
                self.primary_a2.id: (1, 1),
                self.primary_b1.id: (1, 1),
            },
        )

    def test_levels(self):
        Org = self.env["coop.union.organization"]
        with self.assertRaises(ValidationError):
            Org.create({"name": "Bad", "level": "regional", "parent_id": self.primary_a1.id})
        with self.assertRaises(ValidationError):
            Org.create({"name": "Orphan", "level": "primary"})
        with self.assertRaises(ValidationError):
            Org.create({"name": "Second federation", "level": "federation", "parent_id": self.federation.id})

    def test_move_subtree_updates_paths(self):
        """Moving a primary organisation to another region moves its members' access paths too."""
        self.primary_a2.parent_id = self.region_b
        self.assertTrue(self.member_a2.organization_path.startswith(self.region_b.parent_path))
        self.assertEqual(self.member_a2.partner_id.coop_union_path, self.member_a2.organization_path)
        Member = self.env["coop.union.member"]
        self.assertEqual(
            Member.with_user(self.user_prim_b1).search([]),
            self.member_b1,
            "a primary's staff still sees only its own",
        )
        self.assertNotIn(self.member_a2, Member.with_user(self.user_reg_a).search([]))
