from datetime import timedelta

from odoo.addons.coop_base.tools import job_lang, selection_labels
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestAgreement(CoopCirclesCase):
    def _proposal(self, **vals):
        values = {
            "name": "Reports go through norm control",
            "circle_id": self.circle.id,
            "text": "Every report is checked before it is sent.",
            "owner_id": self.user_coord.id,
            "review_date": False,
        }
        values.update(vals)
        agreement = self.env["coop.agreement"].create(values)
        agreement.action_propose()
        # The circle answers: every member asked consents.
        for user in agreement.asked_user_ids:
            agreement.with_user(user).action_answer_consent()
        return agreement

    def test_consent_flow_with_objection(self):
        agreement = self._proposal(review_date=self.today + timedelta(days=90))
        self.assertEqual(agreement.state, "proposed")
        objection = (
            self.env["coop.agreement.objection"]
            .with_user(self.user_member)
            .create({"agreement_id": agreement.id, "reasoning": "Two days is too long for urgent reports."})
        )
        self.assertEqual(objection.author_id, self.user_member)
        self.assertEqual(agreement.open_objection_count, 1)
        with self.assertRaises(UserError):
            agreement.action_consent()
        self.assertEqual(agreement.state, "proposed")
        # Integration needs to say how.
        with self.assertRaises(ValidationError):
            objection.with_user(self.user_coord).action_integrate()
        agreement.with_user(self.user_coord).write({"text": "Every report is checked within one day."})
        objection.with_user(self.user_coord).write({"integration": "One day instead of two."})
        objection.with_user(self.user_coord).action_integrate()
        self.assertEqual(objection.state, "integrated")
        agreement.with_user(self.user_coord).action_consent()
        self.assertEqual(agreement.state, "consented")
        self.assertEqual(agreement.consent_date, self.today)

    def test_consent_without_review_date_refused(self):
        agreement = self._proposal()
        with self.assertRaises(ValidationError):
            agreement.action_consent()
        self.assertEqual(agreement.state, "proposed")
        agreement.review_date = self.today
        with self.assertRaises(ValidationError):
            agreement.action_consent()
        self.assertEqual(agreement.state, "proposed")

    def test_objection_on_closed_proposal_refused(self):
        agreement = self._proposal(review_date=self.today + timedelta(days=30))
        agreement.action_consent()
        Objection = self.env["coop.agreement.objection"].with_user(self.user_member)
        with self.assertRaises(ValidationError):
            Objection.create({"agreement_id": agreement.id, "reasoning": "Too late"})
        self.assertFalse(agreement.objection_ids)
        draft = self.env["coop.agreement"].create(
            {"name": "Draft", "circle_id": self.circle.id, "text": "Not yet"}
        )
        with self.assertRaises(ValidationError):
            Objection.create({"agreement_id": draft.id, "reasoning": "Not proposed"})
        self.assertFalse(draft.objection_ids)

    def test_consented_text_frozen_and_amendment(self):
        agreement = self._proposal(review_date=self.today + timedelta(days=30))
        agreement.action_consent()
        with self.assertRaises(UserError):
            agreement.write({"text": "Silently changed"})
        self.assertEqual(agreement.text, "Every report is checked before it is sent.")
        action = agreement.action_amend()
        amendment = self.env["coop.agreement"].browse(action["res_id"])
        self.assertEqual(amendment.previous_id, agreement)
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(agreement.state, "consented")
        amendment.write(
            {"text": "Reports are checked within a day.", "review_date": self.today + timedelta(days=60)}
        )
        amendment.action_propose()
        for user in amendment.asked_user_ids:
            amendment.with_user(user).action_answer_consent()
        amendment.action_consent()
        self.assertEqual(agreement.state, "retired")
        self.assertEqual(agreement.text, "Every report is checked before it is sent.")
        self.assertEqual(agreement.amendment_ids, amendment)

    def test_review_cron_writes_in_the_databases_language(self):
        """A job has no user's language: its chatter speaks the database's, not English."""
        due = self._proposal(review_date=self.today + timedelta(days=10))
        due.action_consent()
        due.review_date = self.today
        # as if created in an earlier transaction (Odoo tracks no record created in the same one)
        self.env.flush_all()
        self.env.cr.precommit.run()
        Agreement = self.env["coop.agreement"].with_context(
            lang=None, tracking_disable=False, mail_notrack=False, mail_create_nolog=False
        )
        Agreement._cron_review_due()
        self.env.flush_all()
        self.env.cr.precommit.run()
        lang = job_lang(self.env)
        labels = selection_labels(Agreement.with_context(lang=lang), "state")
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "coop.agreement"),
                ("mail_message_id.res_id", "=", due.id),
                ("field_id.name", "=", "state"),
            ],
            order="id desc",
        )
        self.assertEqual(tracking[:1].new_value_char, labels["to_review"])
        if lang != "en_US":
            self.assertNotEqual(tracking[:1].new_value_char, "To Review")

    def test_review_cron(self):
        due = self._proposal(review_date=self.today + timedelta(days=10))
        due.action_consent()
        later = self._proposal(name="Later", review_date=self.today + timedelta(days=40))
        later.action_consent()
        due.review_date = self.today
        moved = self.env["coop.agreement"]._cron_review_due()
        self.assertIn(due, moved)
        self.assertNotIn(later, moved)
        self.assertEqual(due.state, "to_review")
        self.assertEqual(later.state, "consented")
        self.assertEqual(due.activity_ids.user_id, self.user_coord)
        # Keeping it needs a new review date in the future.
        with self.assertRaises(ValidationError):
            due.action_confirm_review()
        self.assertEqual(due.state, "to_review")
        due.review_date = self.today + timedelta(days=180)
        due.action_confirm_review()
        self.assertEqual(due.state, "consented")
        self.assertFalse(due.activity_ids)

    def test_wrong_transitions(self):
        agreement = self._proposal()
        with self.assertRaises(UserError):
            agreement.action_retire()
        agreement.action_withdraw()
        self.assertEqual(agreement.state, "withdrawn")
        with self.assertRaises(UserError):
            agreement.action_propose()
        with self.assertRaises(UserError):
            agreement.write({"text": "Revived"})

    def test_form_proposal(self):
        with Form(self.env["coop.agreement"].with_user(self.user_lead)) as form:
            form.name = "Weekly sync"
            form.circle_id = self.circle
            form.text = "We meet weekly."
        self.assertEqual(form.record.owner_id, self.user_lead)
        self.assertEqual(form.record.state, "draft")
        self.assertGreater(form.record.review_date, self.today)

    def test_access_other_circle_member(self):
        agreement = self._proposal(review_date=self.today + timedelta(days=30))
        # Readable by everyone.
        self.assertEqual(
            self.env["coop.agreement"].with_user(self.user_other).search([("id", "=", agreement.id)]),
            agreement,
        )
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_other).write({"text": "Hijacked"})
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_other).action_consent()
        with self.assertRaises(AccessError):
            self.env["coop.agreement"].with_user(self.user_other).create(
                {"name": "Intruder", "circle_id": self.circle.id, "text": "x"}
            )
        with self.assertRaises(AccessError):
            self.env["coop.agreement.objection"].with_user(self.user_other).create(
                {"agreement_id": agreement.id, "reasoning": "Not my circle"}
            )
        # A plain member of the circle objects but does not decide.
        with self.assertRaises(AccessError):
            agreement.with_user(self.user_member).action_consent()
        self.assertEqual(agreement.state, "proposed")
        self.assertFalse(agreement.objection_ids)

    def test_objection_resolved_by_author_or_leads_only(self):
        agreement = self._proposal()
        objection = (
            self.env["coop.agreement.objection"]
            .with_user(self.user_member)
            .create({"agreement_id": agreement.id, "reasoning": "Unclear"})
        )
        with self.assertRaises(AccessError):
            objection.with_user(self.user_other).action_withdraw()
        self.assertEqual(objection.state, "open")
        objection.with_user(self.user_member).action_withdraw()
        self.assertEqual(objection.state, "withdrawn")
        with self.assertRaises(UserError):
            objection.action_integrate()

    def test_coordinator_of_other_circle_cannot_decide(self):
        other = self.env["coop.agreement"].create(
            {"name": "Books", "circle_id": self.other_circle.id, "text": "Close monthly"}
        )
        with self.assertRaises(AccessError):
            other.with_user(self.user_coord).action_propose()
        self.assertEqual(other.state, "draft")
        other.with_user(self.user_admin).action_propose()
        self.assertEqual(other.state, "proposed")
