import base64
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestDocumentIntegrity(DocflowCase):
    """Numbers without gaps, signed content that cannot move, files that stay private."""

    def _file(self, user, name="file.txt", **vals):
        values = {"name": name, "raw": b"original text", "res_model": "coop.document", "res_id": 0}
        values.update(vals)
        return self.env["ir.attachment"].with_user(user).create(values)

    def _in_execution(self):
        doc = self._sent("incoming")
        self._resolve(doc, self.chairman, executors=self.executor1 | self.executor2)
        return doc

    # ----------------------------------------------------------------------- D1
    def test_D1_duplicate_ids_do_not_burn_a_number(self):
        year = self._today().year
        self._registered("internal")
        before = self._counter("internal", year)
        doc = self._new_doc("internal")
        twice = self.Document.with_user(self.secretary).browse([doc.id, doc.id])
        self.assertEqual(len(twice), 2)
        twice.action_register()
        self.assertEqual(doc.name, "Вн-%s-%04d" % (year, before + 1))
        self.assertEqual(self._counter("internal", year), before + 1)
        self.assertEqual(self._registered("internal").name, "Вн-%s-%04d" % (year, before + 2))
        # a registered document keeps its number
        with self.assertRaises(UserError):
            twice.action_register()
        self.assertEqual(doc.name, "Вн-%s-%04d" % (year, before + 1))
        self.assertEqual(self._counter("internal", year), before + 2)
        # an executor registers nothing, duplicated ids or not
        own = self._new_doc(user=self.executor1)
        with self.assertRaises(AccessError):
            own.browse([own.id, own.id]).action_register()
        self.assertFalse(own.name)
        self.assertEqual(self._counter("internal", year), before + 2)

    def test_D1_registration_rechecked_after_the_lock(self):
        """Registered meanwhile by another transaction: the document keeps that number."""
        year = self._today().year
        doc = self._new_doc("internal")
        before = self._counter("internal", year)
        # what this transaction read before the other one committed
        self.assertEqual(doc.state, "draft")
        self.assertTrue(doc.title and doc.doc_date)
        self.env.cr.execute(
            "UPDATE coop_document SET state = 'registered', name = 'Вн-1999-0042' WHERE id = %s",
            (doc.id,),
        )
        doc.action_register()
        self.assertEqual(doc.name, "Вн-1999-0042")
        self.assertEqual(self._counter("internal", year), before)

    # ----------------------------------------------------------------------- D2
    def test_D2_content_and_files_frozen_while_waiting_for_signature(self):
        doc = self._new_doc("internal", title="Order on bonuses", summary="Ten per cent")
        attachment = self._file(self.secretary, "order.txt", res_id=doc.id)
        doc.write({"attachment_ids": [(4, attachment.id)]})
        doc.action_register()
        doc.action_send_to_chairman()
        self.assertEqual(doc.state, "on_signature")
        self.assertTrue(doc.is_locked)
        self.assertEqual(len(doc.signature_fingerprint), 64)
        for user in (self.secretary, self.deputy, self.chairman):
            for vals in (
                {"title": "Forged"},
                {"summary": "Fifty per cent"},
                {"body": "<p>Forged</p>"},
                {"attachment_ids": [(5,)]},
            ):
                with self.assertRaises(UserError):
                    doc.with_user(user).write(vals)
        own_upload = self._file(self.secretary, "annex.txt")
        with self.assertRaises(UserError):
            doc.with_user(self.secretary).write({"attachment_ids": [(4, own_upload.id)]})
        with self.assertRaises(UserError):
            self._file(self.secretary, "added.txt", res_id=doc.id)
        with self.assertRaises(UserError):
            attachment.with_user(self.secretary).write({"raw": b"forged"})
        with self.assertRaises(UserError):
            attachment.with_user(self.secretary).write({"datas": base64.b64encode(b"forged")})
        with self.assertRaises(UserError):
            attachment.with_user(self.secretary).unlink()
        # the author's own draft, sent by the secretary, is frozen for the author too
        authored = self._new_doc("internal", user=self.executor1, title="Memo")
        authored.with_user(self.secretary).action_register()
        authored.with_user(self.secretary).action_send_to_chairman()
        with self.assertRaises(UserError):
            authored.with_user(self.executor1).write({"summary": "Changed"})
        self.assertEqual(doc.title, "Order on bonuses")
        self.assertEqual(doc.summary, "Ten per cent")
        self.assertEqual(attachment.raw, b"original text")
        self.assertEqual(doc.attachment_ids, attachment)
        # the chairman signs the untouched document; the fingerprint stays for the audit
        fingerprint = doc.signature_fingerprint
        doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "signed")
        self.assertEqual(doc.signature_fingerprint, fingerprint)
        self.assertEqual(doc._signature_fingerprint(), fingerprint)

    def test_D2_rejected_document_editable_again(self):
        doc = self._sent("outgoing", summary="First version")
        doc.with_user(self.chairman).action_reject(reason="Rewrite")
        self.assertFalse(doc.is_locked)
        doc.write({"summary": "Second version"})
        self._file(self.secretary, "annex.txt", res_id=doc.id)
        first = doc.signature_fingerprint
        doc.action_send_to_chairman()
        self.assertNotEqual(doc.signature_fingerprint, first)
        doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "approved")

    def test_D2_signing_checks_the_fingerprint(self):
        doc = self._new_doc("internal", summary="Sent text")
        attachment = self._file(self.secretary, "order.txt", res_id=doc.id)
        doc.action_register()
        doc.action_send_to_chairman()
        # the text changed behind the freeze: the chairman cannot sign it
        self.env.cr.execute("UPDATE coop_document SET summary = 'Other text' WHERE id = %s", (doc.id,))
        doc.invalidate_recordset(["summary"])
        with self.assertRaisesRegex(UserError, "changed after it was sent"):
            doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "on_signature")
        self.env.cr.execute("UPDATE coop_document SET summary = 'Sent text' WHERE id = %s", (doc.id,))
        doc.invalidate_recordset(["summary"])
        # so did a file
        self.env.cr.execute("UPDATE ir_attachment SET checksum = 'forged' WHERE id = %s", (attachment.id,))
        attachment.invalidate_recordset(["checksum"])
        with self.assertRaises(UserError):
            doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "on_signature")
        self.assertFalse(doc.signed_by_id)
        # back to what was sent: he signs it
        self.env.cr.execute(
            "UPDATE ir_attachment SET checksum = %s WHERE id = %s",
            (attachment._compute_checksum(b"original text"), attachment.id),
        )
        attachment.invalidate_recordset(["checksum"])
        doc.with_user(self.chairman).action_sign()
        self.assertEqual(doc.state, "signed")
        self.assertEqual(doc.signed_by_id, self.chairman)
        # nobody writes the fingerprint directly
        with self.assertRaises(AccessError):
            doc.with_user(self.secretary).write({"signature_fingerprint": "0" * 64})

    def test_D2_registered_incoming_data_immutable(self):
        today = self._today()
        doc = self._registered("incoming", sender_date=today - timedelta(days=1))
        other = self.env["res.partner"].create({"name": "Other sender"})
        for vals in (
            {"sender_number": "99/99"},
            {"sender_id": other.id},
            {"sender_date": today},
            {"date_received": today - timedelta(days=3)},
            {"medium": "email"},
        ):
            for user in (self.secretary, self.chairman):
                with self.assertRaises(UserError):
                    doc.with_user(user).write(vals)
        self.assertEqual(doc.sender_number, "12/45")
        self.assertEqual(doc.sender_id, self.sender)
        # the rest of the card stays editable, and an unchanged value is accepted
        doc.write({"summary": "Short summary", "sender_number": "12/45", "priority": "1"})
        self.assertEqual(doc.summary, "Short summary")
        # a draft incoming document is still corrected freely
        draft = self._new_doc("incoming")
        draft.write({"sender_number": "77/1"})
        self.assertEqual(draft.sender_number, "77/1")

    # ----------------------------------------------------------------------- D3
    def test_D3_another_users_upload_is_not_adopted(self):
        theirs = self._file(self.executor2, "salary.xlsx")
        with self.assertRaises(AccessError):
            theirs.with_user(self.executor1).read(["name"])
        with self.assertRaises(AccessError):
            self.Document.with_user(self.executor1).create(
                {"title": "Grab", "doc_type": "internal", "attachment_ids": [(4, theirs.id)]}
            )
        draft = self._new_doc(user=self.executor1)
        with self.assertRaises(AccessError):
            draft.with_user(self.executor1).write({"attachment_ids": [(6, 0, [theirs.id])]})
        self.assertFalse(theirs.res_id)
        self.assertFalse(draft.attachment_ids)
        with self.assertRaises(AccessError):
            theirs.with_user(self.executor1).read(["name"])
        # a file already attached to another document is not moved either
        other_doc = self._new_doc()
        attached = self._file(self.secretary, "letter.pdf", res_id=other_doc.id)
        with self.assertRaises(AccessError):
            draft.with_user(self.executor1).write({"attachment_ids": [(4, attached.id)]})
        self.assertEqual(attached.res_id, other_doc.id)
        # the caller's own upload is adopted
        mine = self._file(self.executor1, "memo.txt")
        draft.with_user(self.executor1).write({"attachment_ids": [(4, mine.id)]})
        self.assertEqual((mine.res_model, mine.res_id), ("coop.document", draft.id))
        self.assertEqual(draft.attachment_ids, mine)
        created = self.Document.with_user(self.executor1).create(
            {
                "title": "With file",
                "doc_type": "internal",
                "attachment_ids": [(4, self._file(self.executor1, "new.txt").id)],
            }
        )
        self.assertEqual(created.attachment_ids.res_id, created.id)

    # ----------------------------------------------------------------------- D4
    def test_D4_document_files_cannot_be_made_public(self):
        doc = self._new_doc("internal")
        attachment = self._file(self.secretary, "order.txt", res_id=doc.id)
        doc.write({"attachment_ids": [(4, attachment.id)]})
        doc.action_register()
        doc.action_send_to_chairman()
        doc.with_user(self.chairman).action_sign()
        for user in (self.secretary, self.chairman):
            with self.assertRaises(UserError):
                attachment.with_user(user).write({"public": True})
            with self.assertRaises(UserError):
                attachment.with_user(user).generate_access_token()
        self.assertFalse(attachment.public)
        self.assertFalse(attachment.sudo().access_token)
        # nor the files of a draft, nor a public file brought into a document
        draft = self._new_doc()
        with self.assertRaises(UserError):
            self._file(self.secretary, "public.txt", res_id=draft.id, public=True)
        with self.assertRaises(UserError):
            self._file(self.secretary, "draft.txt", res_id=draft.id).write({"public": True})
        public = (
            self.env["ir.attachment"]
            .with_user(self.secretary)
            .create({"name": "public.txt", "raw": b"x", "public": True})
        )
        with self.assertRaises(UserError):
            draft.write({"attachment_ids": [(4, public.id)]})
        # files outside the documents may still be published, and mail still links the signed ones
        public.write({"public": False})
        public.write({"public": True})
        self.assertTrue(public.public)
        self.assertTrue(attachment.sudo().generate_access_token())

    # ----------------------------------------------------------------------- D5
    def test_D5_only_the_executor_writes_his_report(self):
        doc = self._in_execution()
        theirs = doc.assignment_ids.filtered(lambda a: a.executor_id == self.executor1)
        theirs.with_user(self.executor1).write({"report": "Draft answer ready"})
        for user in (self.secretary, self.deputy, self.chairman, self.executor2):
            with self.assertRaises(AccessError):
                theirs.with_user(user).write({"report": "Rewritten by someone else"})
        self.assertEqual(theirs.report, "Draft answer ready")
        # the deputy still moves the deadline; the executor files his own report
        deadline = self._today() + timedelta(days=5)
        theirs.with_user(self.deputy).write({"deadline": deadline})
        self.assertEqual(theirs.deadline, deadline)
        theirs.with_user(self.executor1).write({"report": "Answer sent"})
        theirs.with_user(self.executor1).action_done()
        self.assertEqual(theirs.state, "done")
        self.assertEqual(theirs.report, "Answer sent")
        with self.assertRaises(AccessError):
            theirs.with_user(self.deputy).write({"document_title": "Renamed"})

    # ------------------------------------------------------------ public methods
    def test_public_methods_refuse_unreadable_records(self):
        doc = self._in_execution()
        assignment = doc.assignment_ids[:1]
        internal = self._sent("internal")
        internal.with_user(self.chairman).action_sign()
        internal.action_request_acknowledgement(user_ids=self.executor2.ids)
        line = internal.acknowledgement_ids
        for method in ("action_open_my_assignment", "action_acknowledge_mine"):
            with self.assertRaises(AccessError):
                getattr(doc.with_user(self.outsider), method)()
        with self.assertRaises(AccessError):
            assignment.with_user(self.outsider).action_start()
        with self.assertRaises(AccessError):
            assignment.with_user(self.outsider).action_done(report="Done")
        with self.assertRaises(AccessError):
            line.with_user(self.outsider).action_acknowledge()
        for method in (
            "action_register",
            "action_send_to_chairman",
            "action_sign",
            "action_reject",
            "action_open_reject_wizard",
            "action_add_resolution",
            "action_request_acknowledgement",
            "action_dispatch",
            "action_done",
        ):
            with self.assertRaises(AccessError):
                getattr(internal.with_user(self.outsider), method)()
        self.assertEqual(assignment.state, "new")
        self.assertFalse(line.date_acknowledged)
        # the entitled users still can
        assignment.with_user(assignment.executor_id).action_start()
        self.assertEqual(assignment.state, "in_progress")
        line.with_user(self.executor2).action_acknowledge()
        self.assertTrue(line.date_acknowledged)

    def test_wizard_methods_refuse_other_users(self):
        wizard = self.env["coop.document.journal.report.wizard"].with_user(self.secretary).create({})
        for user in (self.outsider, self.deputy):
            for method in ("action_print_pdf", "action_export_xlsx"):
                with self.assertRaises(AccessError):
                    getattr(wizard.with_user(user), method)()
        self.assertEqual(wizard.action_print_pdf()["type"], "ir.actions.report")
        doc = self._sent("internal")
        reject = (
            self.env["coop.document.reject.wizard"]
            .with_user(self.chairman)
            .create({"document_id": doc.id, "reason": "No"})
        )
        with self.assertRaises(AccessError):
            reject.with_user(self.secretary).action_confirm()
        self.assertEqual(doc.state, "on_signature")
        reject.action_confirm()
        self.assertEqual(doc.state, "rejected")

    def test_public_methods_validate_their_arguments(self):
        doc = self._sent("outgoing")
        doc.with_user(self.chairman).action_sign()
        with self.assertRaises(UserError):
            doc.action_dispatch(dispatch_method="carrier_pigeon")
        self.assertEqual(doc.state, "approved")
        portal = new_test_user(self.env, login="t_portal_df", groups="base.group_portal")
        internal = self._sent("internal")
        internal.with_user(self.chairman).action_sign()
        with self.assertRaises(UserError):
            internal.action_request_acknowledgement(user_ids=portal.ids)
        self.assertFalse(internal.acknowledgement_ids)
        internal.action_request_acknowledgement(user_ids=(portal | self.executor1).ids)
        self.assertEqual(internal.acknowledgement_ids.user_id, self.executor1)

    def test_linked_records_checked_as_the_user(self):
        company = self.env["res.company"].create({"name": "Other Union"})
        hidden = self.env["res.partner"].create({"name": "Hidden partner", "company_id": company.id})
        with self.assertRaises(AccessError):
            hidden.with_user(self.secretary).read(["name"])
        with self.assertRaises(AccessError):
            self._new_doc("incoming", sender_id=hidden.id)
        draft = self._new_doc("outgoing")
        with self.assertRaises(AccessError):
            draft.write({"recipient_ids": [(4, hidden.id)]})
        with self.assertRaises(AccessError):
            draft.write({"recipient_ids": [(6, 0, [hidden.id])]})
        self.assertEqual(draft.recipient_ids, self.recipient)
        portal = new_test_user(self.env, login="t_portal_df2", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            draft.write({"author_id": portal.id})
        with self.assertRaises(ValidationError):
            draft.write({"acknowledger_ids": [(4, portal.id)]})
        # readable partners and employees are accepted
        draft.write({"recipient_ids": [(4, self.sender.id)], "author_id": self.executor1.id})
        self.assertEqual(draft.recipient_ids, self.recipient | self.sender)
        self.assertEqual(draft.author_id, self.executor1)
