import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestInternalWorkflow(DocflowCase):
    def _attachment(self, doc, name="order.txt"):
        return (
            self.env["ir.attachment"]
            .with_user(self.secretary)
            .create({"name": name, "raw": b"order text", "res_model": "coop.document", "res_id": doc.id})
        )

    def test_internal_end_to_end(self):
        # the secretary registers the document with its file
        doc = self._new_doc("internal", title="Order on vacation schedule", summary="Schedule")
        doc.write({"attachment_ids": [(4, self._attachment(doc).id)]})
        doc.action_register()
        self.assertEqual(doc.state, "registered")
        # sends it to the chairman, who gets a to-do and a message in the feed
        doc.action_send_to_chairman()
        self.assertEqual(doc.state, "on_signature")
        self.assertIn(self.chairman, doc.activity_ids.user_id)
        self.assertIn(self.chairman.partner_id, doc.message_follower_ids.partner_id)
        # nobody but the chairman signs, even calling the method directly (RPC)
        for user in (self.secretary, self.deputy, self.executor1):
            with self.assertRaises(AccessError):
                doc.with_user(user).action_sign()
        self.assertEqual(doc.state, "on_signature")
        with self.assertRaises(AccessError):
            doc.with_user(self.secretary).write({"state": "signed"})
        doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "signed")
        self.assertEqual(doc.signed_by_id, self.chairman)
        self.assertFalse(doc.activity_ids.filtered(lambda a: a.user_id == self.chairman))
        self.assertIn(self.secretary, doc.activity_ids.user_id)
        # the secretary decides that employees must read it
        with self.assertRaises(UserError):
            doc.action_request_acknowledgement()  # nobody chosen
        with self.assertRaises(AccessError):
            doc.with_user(self.executor1).action_request_acknowledgement(user_ids=[self.executor1.id])
        doc.action_request_acknowledgement(user_ids=[self.executor1.id, self.executor2.id])
        self.assertEqual(doc.state, "acknowledgement")
        self.assertEqual(doc.acknowledgement_ids.user_id, self.executor1 | self.executor2)
        line1 = doc.acknowledgement_ids.filtered(lambda a: a.user_id == self.executor1)
        line2 = doc.acknowledgement_ids - line1
        # nobody acknowledges for someone else
        with self.assertRaises(AccessError):
            line2.with_user(self.executor1).action_acknowledge()
        self.assertFalse(line2.date_acknowledged)
        line1.with_user(self.executor1).action_acknowledge()
        self.assertTrue(line1.date_acknowledged)
        self.assertEqual(line1.state, "done")
        # nor twice
        with self.assertRaises(UserError):
            line1.with_user(self.executor1).action_acknowledge()
        self.assertEqual(doc.state, "acknowledgement")
        doc.with_user(self.executor2).action_acknowledge_mine()
        self.assertEqual(doc.state, "done")
        self.assertEqual(doc.acknowledged_count, 2)

    def test_signed_document_is_locked(self):
        doc = self._registered("internal", title="Signed order", summary="Original")
        attachment = self._attachment(doc)
        doc.write({"attachment_ids": [(4, attachment.id)]})
        doc.action_send_to_chairman()
        doc.with_user(self.chairman).action_sign()
        self.assertTrue(doc.is_locked)
        for user in (self.secretary, self.chairman):
            with self.assertRaises(UserError):
                doc.with_user(user).write({"title": "Forged"})
            with self.assertRaises(UserError):
                doc.with_user(user).write({"summary": "Forged"})
            with self.assertRaises(UserError):
                doc.with_user(user).write({"attachment_ids": [(5,)]})
        with self.assertRaises(UserError):
            attachment.with_user(self.secretary).write({"raw": b"forged"})
        with self.assertRaises(UserError):
            attachment.with_user(self.secretary).unlink()
        with self.assertRaises(UserError):
            self._attachment(doc, "added.txt")
        with self.assertRaises(UserError):
            attachment.sudo().unlink()
        self.assertEqual(doc.title, "Signed order")
        self.assertEqual(doc.summary, "Original")
        self.assertEqual(attachment.raw, b"order text")
        self.assertEqual(doc.attachment_ids, attachment)
        # the chatter stays open for comments
        doc.with_user(self.secretary).message_post(body="Copy sent to the archive")
        # files of documents that are not signed stay editable
        draft = self._new_doc()
        other = self._attachment(draft, "draft.txt")
        other.write({"datas": base64.b64encode(b"new text")})
        other.unlink()

    def test_reject_and_resend(self):
        doc = self._sent("internal")
        with self.assertRaises(AccessError):
            doc.with_user(self.deputy).action_reject()
        with self.assertRaises(AccessError):
            doc.with_user(self.secretary).action_open_reject_wizard()
        action = doc.with_user(self.chairman).action_open_reject_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.chairman)
            .with_context(**action["context"])
            .create({"reason": "Wrong addressee"})
        )
        wizard.action_confirm()
        self.assertEqual(doc.state, "rejected")
        self.assertEqual(doc.reject_reason, "Wrong addressee")
        self.assertFalse(doc.is_locked)
        doc.write({"summary": "Corrected"})
        doc.action_send_to_chairman()
        self.assertEqual(doc.state, "on_signature")
        self.assertFalse(doc.reject_reason)
        doc.with_user(self.chairman).action_sign()
        doc.action_done()
        self.assertEqual(doc.state, "done")

    def test_wrong_step_refused(self):
        doc = self._new_doc("internal")
        with self.assertRaises(UserError):
            doc.action_send_to_chairman()
        doc.action_register()
        with self.assertRaises(UserError):
            doc.with_user(self.chairman).action_sign()
        with self.assertRaises(UserError):
            doc.action_dispatch(dispatch_method="post")
        with self.assertRaises(UserError):
            doc.action_done()
        self.assertEqual(doc.state, "registered")
