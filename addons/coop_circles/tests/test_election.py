from datetime import timedelta

from dateutil.relativedelta import relativedelta
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestElection(CoopCirclesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="elect_portal", groups="base.group_portal")
        cls.secretary_role = cls.structural(cls, cls.circle, "secretary")
        cls.secretary_role.write({"is_elected": True, "term_months": 12})
        cls.Election = cls.env["coop.role.election"]
        cls.Nomination = cls.env["coop.role.election.nomination"]

    def _election(self, **vals):
        return self.Election.with_user(self.user_coord).create(
            dict({"role_id": self.secretary_role.id, "term_months": 6, "date_start": self.today}, **vals)
        )

    def test_selection_process_in_a_meeting(self):
        election = self._election()
        self.Nomination.with_user(self.user_member).create(
            {
                "election_id": election.id,
                "candidate_id": self.user_member.id,
                "reason": "Веду протоколы на проектах.",
            }
        )
        self.Nomination.with_user(self.user_lead).create(
            {
                "election_id": election.id,
                "candidate_id": self.user_member.id,
                "reason": "Аккуратен и пунктуален.",
            }
        )
        self.Nomination.with_user(self.user_coord).create(
            {"election_id": election.id, "candidate_id": self.user_lead.id, "reason": "Давно в круге."}
        )
        # Nominations are visible to everyone, with their reasons.
        seen = self.Nomination.with_user(self.user_other).search([("election_id", "=", election.id)])
        self.assertEqual(len(seen), 3)
        self.assertTrue(seen.filtered(lambda n: n.nominated_by_id == self.user_member).is_self)
        election.with_user(self.user_coord).action_propose()
        self.assertEqual(election.state, "proposed")
        self.assertEqual(election.candidate_id, self.user_member, "the most nominated is proposed")
        proposal = election.agreement_id
        self.assertEqual(proposal.state, "proposed")
        self.assertIn("Аккуратен", proposal.text)
        # The circle's consent round (here in a meeting).
        meeting = (
            self.env["coop.circle.meeting"]
            .with_user(self.user_coord)
            .create(
                {
                    "circle_id": self.circle.id,
                    "start": fields.Datetime.now(),
                    "secretary_id": self.user_coord.id,
                }
            )
        )
        meeting.with_user(self.user_coord).action_build_agenda()
        meeting.with_user(self.user_coord).action_start()
        action = meeting.with_user(self.user_coord).action_consent_round(proposal.id)
        self.env["coop.meeting.consent.wizard"].with_user(self.user_coord).browse(
            action["res_id"]
        ).action_record()
        self.assertEqual(election.state, "elected")
        assignment = election.assignment_id
        self.assertEqual(assignment.user_id, self.user_member)
        self.assertEqual(assignment.role_id, self.secretary_role)
        self.assertEqual(assignment.date_start, self.today)
        self.assertEqual(assignment.date_end, self.today + relativedelta(months=6, days=-1))
        reminder = assignment.activity_ids
        self.assertEqual(reminder.user_id, self.user_coord)
        self.assertEqual(reminder.date_deadline, assignment.date_end - timedelta(days=30))
        self.assertEqual(meeting.decision_ids.kind, "election")
        # History of terms on the role.
        assignment.write(
            {"date_start": self.today - timedelta(days=30), "date_end": self.today - timedelta(days=1)}
        )
        self.assertIn(assignment, self.secretary_role.past_assignment_ids)
        self.assertIn(election, self.secretary_role.election_ids)

    def test_async_election_accepted_by_the_job(self):
        election = self._election(consent_mode="async", objection_window_days=1)
        self.Nomination.with_user(self.user_lead).create(
            {
                "election_id": election.id,
                "candidate_id": self.user_lead.id,
                "reason": "Готов вести протоколы.",
            }
        )
        election.with_user(self.user_coord).action_propose(self.user_lead.id)
        proposal = election.agreement_id
        self.assertEqual(proposal.consent_mode, "async")
        self.env["coop.agreement"]._cron_consent_deadline(now=proposal.consent_deadline)
        self.assertEqual(proposal.state, "consented")
        self.assertEqual(election.state, "elected")
        self.assertEqual(election.assignment_id.user_id, self.user_lead)

    def test_refusals(self):
        election = self._election()
        # Outsiders neither open elections, nominate, nor propose.
        with self.assertRaises(AccessError):
            self.Election.with_user(self.user_other).create({"role_id": self.secretary_role.id})
        with self.assertRaises(AccessError):
            self.Nomination.with_user(self.user_other).create(
                {"election_id": election.id, "candidate_id": self.user_other.id, "reason": "Хочу"}
            )
        with self.assertRaises(ValidationError):
            self.Nomination.with_user(self.user_member).create(
                {"election_id": election.id, "candidate_id": self.user_member.id, "reason": " "}
            )
        with self.assertRaises(ValidationError):
            self.Nomination.with_user(self.user_member).create(
                {"election_id": election.id, "candidate_id": self.portal.id, "reason": "Клиент"}
            )
        with self.assertRaises(UserError):
            election.with_user(self.user_coord).action_propose()
        nomination = self.Nomination.with_user(self.user_member).create(
            {"election_id": election.id, "candidate_id": self.user_member.id, "reason": "Готов"}
        )
        with self.assertRaises(AccessError):
            nomination.with_user(self.user_lead).unlink()
        with self.assertRaises(AccessError):
            election.with_user(self.user_member).action_propose()
        with self.assertRaises(AccessError):
            election.with_user(self.user_other).action_cancel()
        with self.assertRaises(UserError):
            election.with_user(self.user_coord).action_propose(self.user_other.id)
        self.assertEqual(election.state, "nominating")
        for model in ("coop.role.election", "coop.role.election.nomination"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
        election.with_user(self.user_coord).action_propose()
        with self.assertRaises(UserError):
            election.with_user(self.user_coord).write({"term_months": 24})
        election.with_user(self.user_coord).action_cancel()
        self.assertEqual(election.state, "cancelled")
        self.assertEqual(election.agreement_id.state, "withdrawn")
