from datetime import timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestCircle(CoopCirclesCase):
    def test_structural_roles_created(self):
        kinds = set(self.circle.role_ids.mapped("structural_type"))
        self.assertEqual(
            kinds, {"coordinator", "team_lead", "secretary", "facilitator", "representative", False}
        )
        team_lead = self.structural(self.circle, "team_lead")
        self.assertTrue(team_lead.needs_approval)
        self.assertTrue(team_lead.is_elected)
        self.assertEqual(team_lead.display_name, "Team lead")
        self.assertEqual(len(self.other_circle.role_ids.filtered("structural_type")), 5)

    def test_structural_role_cannot_be_deleted(self):
        with self.assertRaises(UserError):
            self.structural(self.circle, "secretary").unlink()
        self.assertTrue(self.structural(self.circle, "secretary").exists())

    def test_circular_parent_refused(self):
        child = self.Circle.create({"name": "Web", "parent_id": self.circle.id})
        with self.assertRaises(ValidationError):
            self.circle.write({"parent_id": child.id})
        self.assertEqual(self.circle.parent_id, self.general)
        with self.assertRaises(ValidationError):
            self.general.write({"parent_id": self.general.id})

    def test_members_and_users_circles(self):
        self.assertEqual(
            set(self.circle.member_ids.ids),
            {self.user_coord.id, self.user_lead.id, self.user_member.id},
        )
        self.assertIn(self.circle, self.user_member.coop_circle_ids)
        self.assertNotIn(self.circle, self.user_other.coop_circle_ids)
        self.assertEqual(self.Circle.search([("member_ids", "in", self.user_other.id)]), self.other_circle)

    def test_members_follow_dates_with_cron(self):
        newcomer = self.Assignment.create(
            {
                "role_id": self.role.id,
                "user_id": self.user_other.id,
                "date_start": self.today + timedelta(days=1),
            }
        )
        self.assertNotIn(self.user_other, self.circle.member_ids)
        # The assignment starts tomorrow: the stored members change with the calendar.
        self.env.cr.execute(
            "UPDATE coop_role_assignment SET date_start = %s WHERE id = %s",
            (self.today, newcomer.id),
        )
        self.env.invalidate_all()
        self.assertNotIn(self.user_other, self.circle.member_ids)
        self.Circle._cron_recompute_members()
        self.env.invalidate_all()
        self.assertIn(self.user_other, self.circle.member_ids)
        self.assertIn(self.circle, self.user_other.coop_circle_ids)

    def test_archived_circle_keeps_history(self):
        self.circle.action_archive()
        self.assertTrue(self.circle.role_ids)
        self.assertFalse(self.Circle.search([("id", "=", self.circle.id)]))
        self.assertTrue(self.Circle.with_context(active_test=False).search([("id", "=", self.circle.id)]))
