from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestAppeal(UnionCase):
    def test_register_as_incoming_document(self):
        """One click of a primary organisation's staff turns the appeal into a registered incoming document."""
        Appeal = self.env["coop.union.appeal"].with_user(self.user_prim_a1)
        appeal = Appeal.create(
            {
                "subject": "Unpaid overtime",
                "text": "24 hours of overtime are missing from my pay slip.",
                "member_id": self.member_a1.id,
                "channel": "email",
                "organization_id": self.primary_a1.id,
                "deadline": "2030-01-15",
            }
        )
        self.assertTrue(appeal.name.startswith("ОБР-"))
        self.assertEqual(appeal.applicant_name, "Member A1")
        appeal.action_register_document()
        document = appeal.sudo().document_id
        self.assertTrue(document)
        self.assertEqual(document.doc_type, "incoming")
        self.assertEqual(document.title, "Unpaid overtime")
        self.assertEqual(document.sender_id, self.member_a1.partner_id)
        self.assertEqual(document.medium, "email")
        self.assertTrue(document.name and document.name != appeal.name, "registration number given")
        self.assertEqual(appeal.state, "in_progress")
        with self.assertRaises(UserError):
            appeal.action_register_document()

    def test_outside_person_and_access(self):
        appeal = self.env["coop.union.appeal"].create(
            {
                "subject": "How to join",
                "applicant_name": "Outside Person",
                "applicant_contact": "+79120000999",
                "channel": "web",
                "organization_id": self.region_b.id,
            }
        )
        with self.assertRaises(AccessError):
            appeal.with_user(self.user_prim_a1).action_register_document()
        self.assertFalse(appeal.document_id)
        appeal.with_user(self.user_fed).action_register_document()
        self.assertEqual(appeal.document_id.sender_id.name, "Outside Person")
        self.assertFalse(
            self.env["coop.union.appeal"].with_user(self.user_reg_a).search([("id", "=", appeal.id)])
        )

    def test_answer_required(self):
        appeal = self.env["coop.union.appeal"].create(
            {"subject": "Question", "applicant_name": "X", "organization_id": self.primary_a1.id}
        )
        appeal.action_start()
        with self.assertRaises(UserError):
            appeal.action_answer()
        appeal.answer = "Answered by phone"
        appeal.action_answer()
        self.assertEqual(appeal.state, "answered")
