from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestOutgoingWorkflow(DocflowCase):
    def test_outgoing_end_to_end(self):
        # an employee drafts the letter, the secretary registers and checks it
        doc = self._new_doc("outgoing", user=self.executor1, title="Proposals to the agreement")
        doc.with_user(self.executor1).write({"summary": "Wages section"})
        doc = doc.with_user(self.secretary)
        doc.action_register()
        self.assertTrue(doc.name.startswith("Исх-"))
        # once registered, the author can no longer edit it
        with self.assertRaises(AccessError):
            doc.with_user(self.executor1).write({"summary": "Changed"})
        doc.action_send_to_chairman()
        self.assertEqual(doc.state, "on_signature")
        with self.assertRaises(AccessError):
            doc.with_user(self.deputy).action_sign()
        doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "approved")
        self.assertTrue(doc.is_locked)
        # the secretary chooses how to dispatch it
        with self.assertRaises(UserError):
            doc.action_dispatch()
        with self.assertRaises(AccessError):
            doc.with_user(self.executor1).action_dispatch(dispatch_method="post")
        self.assertEqual(doc.state, "approved")
        doc.action_dispatch(dispatch_method="registered_mail")
        self.assertEqual(doc.state, "dispatched")
        self.assertEqual(doc.dispatch_method, "registered_mail")
        self.assertEqual(doc.dispatch_date, fields.Date.context_today(doc))
        # the chatter gives the date as its reader writes it, not in ISO
        note = doc.message_ids.filtered(lambda m: format_date(doc.env, doc.dispatch_date) in str(m.body))
        self.assertTrue(note)
        self.assertNotIn(doc.dispatch_date.isoformat(), str(note[:1].body))
        with self.assertRaises(UserError):
            doc.write({"recipient_ids": [(5,)]})
        with self.assertRaises(UserError):
            doc.with_user(self.chairman).action_reject()
        doc.action_done()
        self.assertEqual(doc.state, "done")

    def test_outgoing_rejected_returns_to_secretary(self):
        doc = self._sent("outgoing")
        doc.with_user(self.chairman).action_reject(reason="Address the director")
        self.assertEqual(doc.state, "rejected")
        self.assertIn(self.secretary, doc.activity_ids.user_id)
        with self.assertRaises(UserError):
            doc.action_dispatch(dispatch_method="post")
        doc.write({"recipient_ids": [(4, self.sender.id)]})
        doc.action_send_to_chairman()
        doc.with_user(self.chairman).action_sign()
        doc.write({"dispatch_method": "email"})
        doc.action_dispatch()
        self.assertEqual(doc.state, "dispatched")
