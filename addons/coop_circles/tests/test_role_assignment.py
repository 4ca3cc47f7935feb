from datetime import timedelta

from dateutil.relativedelta import relativedelta
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestRoleAssignment(CoopCirclesCase):
    def test_end_before_start_refused(self):
        count = self.Assignment.search_count([])
        with self.assertRaises(ValidationError):
            self.Assignment.create(
                {
                    "role_id": self.role.id,
                    "user_id": self.user_other.id,
                    "date_start": self.today,
                    "date_end": self.today - timedelta(days=1),
                }
            )
        self.assertEqual(self.Assignment.search_count([]), count)

    def test_single_holder_structural_role(self):
        secretary = self.structural(self.circle, "secretary")
        self.Assignment.create({"role_id": secretary.id, "user_id": self.user_member.id})
        with self.assertRaises(ValidationError):
            self.Assignment.create({"role_id": secretary.id, "user_id": self.user_other.id})
        self.assertEqual(secretary.assignment_ids.user_id, self.user_member)
        # After the first term ends, a successor may take it.
        first = secretary.assignment_ids
        successor = self.Assignment.create(
            {
                "role_id": secretary.id,
                "user_id": self.user_other.id,
                "date_start": first.date_end + timedelta(days=1),
            }
        )
        self.assertTrue(successor)

    def test_representatives_can_be_several(self):
        rep = self.structural(self.circle, "representative")
        self.Assignment.create({"role_id": rep.id, "user_id": self.user_member.id})
        self.Assignment.create({"role_id": rep.id, "user_id": self.user_lead.id})
        self.assertEqual(self.circle.representative_ids, self.user_member | self.user_lead)

    def test_elected_term_sets_end(self):
        secretary = self.structural(self.circle, "secretary")
        rec = self.Assignment.create(
            {"role_id": secretary.id, "user_id": self.user_member.id, "date_start": self.today}
        )
        self.assertEqual(rec.date_end, self.today + relativedelta(months=12, days=-1))
        self.assertTrue(rec.is_current)
        self.assertIn(
            rec, self.Assignment.search([("is_current", "=", True), ("circle_id", "=", self.circle.id)])
        )
        ended = self.Assignment.search([("is_current", "=", False), ("circle_id", "=", self.circle.id)])
        self.assertNotIn(rec, ended)

    def test_coordinator_role_and_circle_field_agree(self):
        circle = self.Circle.create({"name": "Legal", "kind": "service"})
        coord_role = self.structural(circle, "coordinator")
        self.assertFalse(coord_role.assignment_ids)
        # Electing a coordinator makes them the circle's coordinator ...
        self.Assignment.create({"role_id": coord_role.id, "user_id": self.user_member.id})
        self.assertEqual(circle.coordinator_id, self.user_member)
        self.assertIn(self.user_member, circle.member_ids)
        # ... and naming one on the circle hands the role over from today.
        circle.coordinator_id = self.user_other
        current = coord_role.assignment_ids.filtered("is_current")
        self.assertEqual(current.user_id, self.user_other)
        self.assertEqual(circle.coordinator_id, self.user_other)
        self.assertNotIn(self.user_member, circle.member_ids)
        self.assertEqual(self.structural(self.circle, "team_lead").current_user_ids, self.user_lead)

    def test_team_lead_needs_chairman_approval(self):
        lead_role = self.structural(self.circle, "team_lead")
        # The team lead in office steps down; the circle elects a new one.
        lead_role.assignment_ids.action_archive()
        rec = self.Assignment.create(
            {
                "role_id": lead_role.id,
                "user_id": self.user_member.id,
                "election_date": self.today,
            }
        )
        self.assertEqual(rec.approval_state, "to_approve")
        self.assertIn(self.user_chair, rec.activity_ids.user_id)
        self.assertFalse(rec.is_current)
        self.assertEqual(self.circle.team_lead_id, self.user_lead)
        with self.assertRaises(UserError):
            rec.with_user(self.user_coord).action_approve()
        self.assertEqual(rec.approval_state, "to_approve")
        rec.with_user(self.user_chair).action_approve()
        self.assertEqual(rec.approval_state, "approved")
        self.assertEqual(rec.approved_by_id, self.user_chair)
        self.assertFalse(rec.activity_ids)
        self.assertTrue(rec.is_current)
        self.assertEqual(self.circle.team_lead_id, self.user_member)
        with self.assertRaises(UserError):
            rec.with_user(self.user_chair).action_approve()

    def test_council_made_of_representatives(self):
        council = self.Circle.create({"name": "Council", "kind": "council", "parent_id": self.general.id})
        self.assertNotIn(self.user_member, council.member_ids)
        rep = self.Assignment.create(
            {"role_id": self.structural(self.circle, "representative").id, "user_id": self.user_member.id}
        )
        self.assertIn(self.user_member, council.member_ids)
        self.assertIn(council, self.user_member.coop_circle_ids)
        rep.unlink()
        self.assertNotIn(self.user_member, council.member_ids)

    def test_term_reminder_activity(self):
        facilitator = self.structural(self.circle, "facilitator")
        rec = self.Assignment.create(
            {
                "role_id": facilitator.id,
                "user_id": self.user_member.id,
                "date_start": self.today - relativedelta(months=12) + timedelta(days=10),
            }
        )
        far = self.Assignment.create(
            {"role_id": self.structural(self.circle, "secretary").id, "user_id": self.user_member.id}
        )
        done = self.Assignment._cron_term_reminders()
        self.assertIn(rec, done)
        self.assertTrue(rec.term_reminder_done)
        self.assertNotIn(far, done)
        self.assertEqual(rec.activity_ids.user_id, self.user_coord)
        self.assertFalse(far.activity_ids)
        # Only once.
        self.assertNotIn(rec, self.Assignment._cron_term_reminders())
        self.assertEqual(len(rec.activity_ids), 1)
        # A changed term is reminded of again.
        rec.date_end = rec.date_end + timedelta(days=5)
        self.assertFalse(rec.term_reminder_done)
