from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestAccess(CoopCirclesCase):
    def test_groups(self):
        self.assertTrue(self.user_other.has_group("coop_circles.group_coop_member"))
        self.assertFalse(self.user_other.has_group("coop_circles.group_coop_coordinator"))
        self.assertTrue(self.user_admin.has_group("coop_circles.group_coop_coordinator"))
        self.assertTrue(self.user_admin.has_group("coop_circles.group_coop_council"))

    def test_structure_readable_by_everyone(self):
        circles = self.Circle.with_user(self.user_other).search([])
        self.assertIn(self.circle, circles)
        roles = self.Role.with_user(self.user_other).search([("circle_id", "=", self.circle.id)])
        self.assertEqual(roles, self.circle.role_ids)
        self.assertTrue(self.circle.with_user(self.user_other).member_ids)

    def test_other_member_cannot_change_roles(self):
        role = self.role.with_user(self.user_other)
        with self.assertRaises(AccessError):
            role.write({"purpose": "Hijacked"})
        with self.assertRaises(AccessError):
            self.Role.with_user(self.user_other).create({"name": "Intruder", "circle_id": self.circle.id})
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.user_other).create(
                {"role_id": self.role.id, "user_id": self.user_other.id}
            )
        with self.assertRaises(AccessError):
            self.circle.with_user(self.user_other).write({"purpose": "Hijacked"})
        # A plain member of the circle itself cannot either.
        with self.assertRaises(AccessError):
            self.role.with_user(self.user_member).write({"purpose": "Hijacked"})
        self.assertFalse(self.role.purpose)

    def test_coordinator_changes_own_circle_only(self):
        self.role.with_user(self.user_coord).write({"purpose": "Break in, with consent"})
        self.assertEqual(self.role.purpose, "Break in, with consent")
        new_role = self.Role.with_user(self.user_coord).create(
            {"name": "Red team", "circle_id": self.circle.id}
        )
        self.Assignment.with_user(self.user_coord).create(
            {"role_id": new_role.id, "user_id": self.user_other.id}
        )
        self.assertIn(self.user_other, self.circle.member_ids)
        self.role.with_user(self.user_lead).write({"accountabilities": "Reports"})
        with self.assertRaises(AccessError):
            self.other_role.with_user(self.user_coord).write({"purpose": "Not mine"})
        with self.assertRaises(AccessError):
            self.circle.with_user(self.user_coord).write({"kind": "service"})

    def test_admin_changes_everything(self):
        self.other_role.with_user(self.user_admin).write({"purpose": "Books"})
        self.circle.with_user(self.user_admin).write({"purpose": "Pentests"})
        self.assertEqual(self.circle.purpose, "Pentests")

    def test_coordinators_group_does_not_edit_other_circles(self):
        """The coordinators' circle sees everything but changes only the circles it leads."""
        coordinators = self.user_other
        coordinators.groups_id = [(4, self.env.ref("coop_circles.group_coop_coordinator").id)]
        self.assertTrue(coordinators.has_group("coop_circles.group_coop_coordinator"))
        self.assertIn(self.circle, self.Circle.with_user(coordinators).search([]))
        with self.assertRaises(AccessError):
            self.role.with_user(coordinators).write({"purpose": "Not my circle"})
        with self.assertRaises(AccessError):
            self.Assignment.with_user(coordinators).create(
                {"role_id": self.role.id, "user_id": coordinators.id}
            )
        self.assertNotIn(coordinators, self.circle.member_ids)
        self.other_circle.coordinator_id = coordinators
        self.other_role.with_user(coordinators).write({"purpose": "Books closed monthly"})
        self.assertEqual(self.other_role.purpose, "Books closed monthly")

    def test_member_cannot_approve_or_promote_self(self):
        facilitator = self.structural(self.circle, "facilitator")
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.user_member).create(
                {"role_id": facilitator.id, "user_id": self.user_member.id}
            )
        with self.assertRaises(AccessError):
            self.circle.with_user(self.user_member).write({"team_lead_id": self.user_member.id})
        self.assertEqual(self.circle.team_lead_id, self.user_lead)
        self.assertFalse(facilitator.assignment_ids)

    def test_portal_user_sees_no_structure(self):
        portal = new_test_user(self.env, login="circ_portal", groups="base.group_portal")
        self.assertFalse(portal.has_group("coop_circles.group_coop_member"))
        for model in ("coop.circle", "coop.role", "coop.role.assignment", "coop.agreement", "coop.process"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
