from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestMeeting(CoopCirclesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="meet_portal", groups="base.group_portal")
        cls.secretary = cls.user_member
        cls.Meeting = cls.env["coop.circle.meeting"]

    def _meeting(self, **vals):
        values = {
            "circle_id": self.circle.id,
            "kind": "governance",
            "start": fields.Datetime.now() + timedelta(days=1),
            "secretary_id": self.secretary.id,
            "facilitator_id": self.user_lead.id,
        }
        values.update(vals)
        return self.Meeting.with_user(self.user_member).create(values)

    def _proposal(self, name="Дежурства", **vals):
        agreement = self.env["coop.agreement"].create(
            dict(
                {
                    "name": name,
                    "circle_id": self.circle.id,
                    "text": "Каждую неделю один участник дежурит.",
                    "review_date": self.today + timedelta(days=180),
                },
                **vals,
            )
        )
        agreement.action_propose()
        return agreement

    def test_meeting_from_agenda_to_published_minutes(self):
        tension = (
            self.env["coop.circle.tension"]
            .with_user(self.user_member)
            .create(
                {
                    "name": "Срочные заявки ждут выходных",
                    "circle_id": self.circle.id,
                    "meeting_kind": "governance",
                }
            )
        )
        due = self.env["coop.agreement"].create(
            {"name": "Нормоконтроль отчётов", "circle_id": self.circle.id, "text": "Отчёты проверяются."}
        )
        due.action_propose()
        for user in due.asked_user_ids:
            due.with_user(user).action_answer_consent()
        due.review_date = self.today + timedelta(days=30)
        due.action_consent()
        due.review_date = self.today + timedelta(days=3)
        proposal = self._proposal()
        meeting = self._meeting()
        self.assertEqual(meeting.attendee_ids, self.circle.member_ids)
        # A calendar event with the circle's members.
        self.assertTrue(meeting.calendar_event_id)
        self.assertEqual(meeting.calendar_event_id.partner_ids, self.circle.member_ids.partner_id)
        self.assertEqual(meeting.calendar_event_id.start, meeting.start)
        meeting.with_user(self.secretary).action_build_agenda()
        self.assertEqual(
            {(i.kind, i.tension_id or i.agreement_id) for i in meeting.item_ids},
            {("tension", tension), ("review", due), ("proposal", proposal)},
        )
        self.assertEqual(tension.state, "on_agenda")
        # Built twice, nothing doubles.
        meeting.with_user(self.secretary).action_build_agenda()
        self.assertEqual(len(meeting.item_ids), 3)
        meeting.with_user(self.secretary).action_start()
        self.assertEqual(meeting.present_ids, meeting.attendee_ids)
        # The coordinator is absent: the members present answer.
        meeting.with_user(self.secretary).write(
            {"present_ids": [(6, 0, (self.user_lead | self.user_member).ids)]}
        )
        item = meeting.item_ids.filtered(lambda i: i.agreement_id == proposal)
        action = item.with_user(self.user_lead).action_consent_round()
        wizard = self.env["coop.meeting.consent.wizard"].with_user(self.user_lead).browse(action["res_id"])
        self.assertEqual(wizard.line_ids.user_id, self.user_lead | self.user_member)
        wizard.line_ids.filtered(lambda line: line.user_id == self.user_member).answer = "stand_aside"
        wizard.action_record()
        self.assertEqual(proposal.state, "consented")
        self.assertEqual(proposal.consent_meeting_id, meeting)
        answers = {a.user_id: (a.answer, a.in_meeting) for a in proposal.answer_ids}
        self.assertEqual(
            answers, {self.user_lead: ("consent", True), self.user_member: ("stand_aside", True)}
        )
        decision = meeting.decision_ids
        self.assertEqual(decision.agreement_id, proposal)
        self.assertEqual(decision.kind, "meeting")
        self.assertEqual(decision.participant_ids, self.user_lead | self.user_member)
        self.assertIn(decision, self.env["coop.circle.decision"].search([("circle_id", "=", self.circle.id)]))
        # Minutes: actions become to-dos of their owners when the meeting closes.
        meeting.with_user(self.secretary).write(
            {
                "minutes": "<p>Договорились о дежурствах.</p>",
                "action_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Составить график",
                            "user_id": self.user_lead.id,
                            "date_deadline": self.today + timedelta(days=7),
                        },
                    )
                ],
            }
        )
        with self.assertRaises(UserError):
            meeting.with_user(self.secretary).action_publish_minutes()
        meeting.with_user(self.secretary).action_close()
        self.assertEqual(tension.state, "processed")
        activity = meeting.action_ids.activity_id
        self.assertEqual(activity.user_id, self.user_lead)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=7))
        meeting.with_user(self.secretary).action_publish_minutes()
        self.assertEqual(meeting.state, "published")
        message = meeting.message_ids.filtered(lambda m: "Составить график" in (m.body or ""))
        self.assertTrue(message)
        self.assertEqual(message.partner_ids, (self.circle.member_ids | meeting.present_ids).partner_id)
        with self.assertRaises(UserError):
            meeting.with_user(self.secretary).write({"minutes": "<p>Переписано</p>"})

    def test_objection_in_meeting_keeps_the_proposal_open(self):
        proposal = self._proposal()
        meeting = self._meeting()
        meeting.with_user(self.secretary).action_build_agenda()
        meeting.with_user(self.secretary).action_start()
        action = meeting.with_user(self.secretary).action_consent_round(proposal.id)
        wizard = self.env["coop.meeting.consent.wizard"].with_user(self.secretary).browse(action["res_id"])
        line = wizard.line_ids.filtered(lambda line: line.user_id == self.user_coord)
        line.answer = "object"
        with self.assertRaises(ValidationError):
            wizard.action_record()
        self.assertFalse(proposal.answer_ids)
        line.reason = "Дежурный не успевает свой проект."
        wizard.action_record()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.open_objection_count, 1)
        self.assertEqual(proposal.objection_ids.author_id, self.user_coord)
        self.assertFalse(meeting.decision_ids)

    def test_async_objection_goes_to_the_next_meeting(self):
        proposal = self._proposal(consent_mode="async", objection_window_days=2)
        other = self._proposal(name="Без возражений", consent_mode="async")
        self.env["coop.agreement.objection"].with_user(self.user_member).create(
            {"agreement_id": proposal.id, "reasoning": "Нужны подмены."}
        )
        meeting = self._meeting()
        meeting.with_user(self.secretary).action_build_agenda()
        proposals = meeting.item_ids.filtered(lambda i: i.kind == "proposal")
        self.assertEqual(proposals[:1].agreement_id, proposal, "the stopped proposal comes first")
        self.assertIn(other, proposals.agreement_id)

    def test_access_other_circle_and_portal(self):
        meeting = self._meeting()
        # Another circle's member reads the meeting but neither calls nor runs one.
        self.assertEqual(self.Meeting.with_user(self.user_other).search([("id", "=", meeting.id)]), meeting)
        with self.assertRaises(AccessError):
            self.Meeting.with_user(self.user_other).create(
                {"circle_id": self.circle.id, "start": fields.Datetime.now()}
            )
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_other).write({"minutes": "<p>x</p>"})
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_other).action_build_agenda()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_other).action_start()
        self.assertEqual(meeting.state, "planned")
        # A plain member who does not run it neither.
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_other).action_publish_minutes()
        # Tensions are raised in one's own circle, in one's own name.
        with self.assertRaises(AccessError):
            self.env["coop.circle.tension"].with_user(self.user_other).create(
                {"name": "x", "circle_id": self.circle.id}
            )
        with self.assertRaises(UserError):
            self.env["coop.circle.tension"].with_user(self.user_member).create(
                {"name": "x", "circle_id": self.circle.id, "author_id": self.user_lead.id}
            )
        tension = (
            self.env["coop.circle.tension"]
            .with_user(self.user_member)
            .create({"name": "x", "circle_id": self.circle.id})
        )
        with self.assertRaises(AccessError):
            tension.with_user(self.user_other).write({"name": "y"})
        with self.assertRaises(AccessError):
            self.env["coop.circle.decision"].with_user(self.user_coord).create(
                {"name": "Самовольно", "circle_id": self.circle.id}
            )
        # The portal sees none of it.
        for model in (
            "coop.circle.meeting",
            "coop.circle.tension",
            "coop.circle.decision",
            "coop.circle.meeting.item",
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            meeting.with_user(self.portal).action_build_agenda()

    def test_council_minutes_go_to_every_member(self):
        council = self.Circle.create(
            {"name": "Совет кооператива", "kind": "council", "coordinator_id": self.user_chair.id}
        )
        meeting = self.Meeting.with_user(self.user_chair).create(
            {"circle_id": council.id, "start": fields.Datetime.now(), "secretary_id": self.user_chair.id}
        )
        meeting.with_user(self.user_chair).action_start()
        meeting.with_user(self.user_chair).action_close()
        meeting.with_user(self.user_chair).action_publish_minutes()
        message = meeting.message_ids.filtered(lambda m: m.partner_ids)[:1]
        self.assertIn(self.user_other.partner_id, message.partner_ids)
        self.assertIn(self.user_member.partner_id, message.partner_ids)
        self.assertNotIn(self.portal.partner_id, message.partner_ids)
