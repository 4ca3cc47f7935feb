from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestAccess(DocflowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Document = cls.env["coop.document"]
        cls.incoming = Document.with_user(cls.secretary).create(
            {"title": "Incoming for executor one", "doc_type": "incoming", "sender_id": cls.sender.id}
        )
        cls.incoming.action_register()
        cls.incoming.action_send_to_chairman()
        cls.file = (
            cls.env["ir.attachment"]
            .with_user(cls.secretary)
            .create(
                {
                    "name": "letter.pdf",
                    "raw": b"%PDF",
                    "res_model": "coop.document",
                    "res_id": cls.incoming.id,
                }
            )
        )
        wizard = (
            cls.env["coop.document.resolution.wizard"]
            .with_user(cls.chairman)
            .create(
                {
                    "document_id": cls.incoming.id,
                    "text": "Answer",
                    "executor_ids": [(6, 0, cls.executor1.ids)],
                }
            )
        )
        wizard.action_confirm()
        cls.internal = Document.with_user(cls.secretary).create(
            {"title": "Order for executor two", "doc_type": "internal"}
        )
        cls.internal.action_register()
        cls.internal.action_send_to_chairman()
        cls.internal.with_user(cls.chairman).action_sign()
        cls.internal.action_request_acknowledgement(user_ids=cls.executor2.ids)
        cls.own_draft = Document.with_user(cls.outsider).create({"title": "My memo", "doc_type": "internal"})
        cls.all_docs = cls.incoming | cls.internal | cls.own_draft

    def _visible(self, user):
        return self.env["coop.document"].with_user(user).search([("id", "in", self.all_docs.ids)])

    def test_executor_sees_only_own_documents(self):
        self.assertEqual(self._visible(self.executor1), self.incoming)
        self.assertEqual(self._visible(self.executor2), self.internal)
        self.assertEqual(self._visible(self.outsider), self.own_draft)
        with self.assertRaises(AccessError):
            self.incoming.with_user(self.outsider).read(["title"])
        with self.assertRaises(AccessError):
            self.internal.with_user(self.executor1).read(["title"])
        # the children of hidden documents are hidden too
        Assignment = self.env["coop.document.assignment"]
        self.assertFalse(Assignment.with_user(self.outsider).search([("document_id", "=", self.incoming.id)]))
        self.assertTrue(Assignment.with_user(self.executor1).search([("document_id", "=", self.incoming.id)]))
        Resolution = self.env["coop.document.resolution"]
        self.assertFalse(
            Resolution.with_user(self.executor2).search([("document_id", "=", self.incoming.id)])
        )
        Ack = self.env["coop.document.acknowledgement"]
        self.assertFalse(Ack.with_user(self.executor1).search([("document_id", "=", self.internal.id)]))
        self.assertTrue(Ack.with_user(self.executor2).search([("document_id", "=", self.internal.id)]))
        # and so are their files
        with self.assertRaises(AccessError):
            self.file.with_user(self.outsider).read(["name"])
        self.assertEqual(self.file.with_user(self.executor1).read(["name"])[0]["name"], "letter.pdf")
        self.assertFalse(
            self.env["ir.attachment"].with_user(self.outsider).search([("id", "=", self.file.id)])
        )

    def test_executor_cannot_change_documents(self):
        with self.assertRaises(AccessError):
            self.incoming.with_user(self.executor1).write({"title": "Changed"})
        with self.assertRaises(AccessError):
            self.incoming.with_user(self.executor1).write({"state": "executed"})
        with self.assertRaises(AccessError):
            self.env["coop.document.resolution"].with_user(self.executor1).create(
                {"document_id": self.incoming.id, "author_id": self.executor1.id, "text": "Self-assigned"}
            )
        with self.assertRaises(AccessError):
            self.env["coop.document.assignment"].with_user(self.executor1).create(
                {"document_id": self.incoming.id, "executor_id": self.executor1.id}
            )
        with self.assertRaises(AccessError):
            self.internal.acknowledgement_ids.with_user(self.executor2).unlink()
        with self.assertRaises(AccessError):
            self.env["coop.document.acknowledgement"].with_user(self.executor2).create(
                {"document_id": self.incoming.id, "user_id": self.executor2.id}
            )
        with self.assertRaises(AccessError):
            self.env["coop.document.journal"].with_user(self.secretary).search([]).write({"prefix": "X"})
        self.assertEqual(self.incoming.title, "Incoming for executor one")
        self.assertEqual(self.incoming.state, "in_execution")
        # an executor may still comment where they are executor
        self.incoming.with_user(self.executor1).message_post(body="Question about the deadline")
        with self.assertRaises(AccessError):
            self.internal.with_user(self.executor1).message_post(body="Not mine")

    def test_executor_edits_only_own_draft(self):
        self.own_draft.with_user(self.outsider).write({"summary": "Draft text"})
        with self.assertRaises(AccessError):
            self.own_draft.with_user(self.executor1).write({"summary": "Not mine"})
        with self.assertRaises(AccessError):
            self.env["coop.document"].with_user(self.outsider).create(
                {"title": "On behalf of", "doc_type": "internal", "author_id": self.executor1.id}
            )

    def test_management_sees_everything(self):
        for user in (self.secretary, self.deputy, self.chairman):
            self.assertEqual(self._visible(user), self.all_docs)
            self.assertEqual(
                self.env["coop.document.assignment"]
                .with_user(user)
                .search_count([("document_id", "in", self.all_docs.ids)]),
                1,
            )

    def test_workflow_fields_not_writable_directly(self):
        for user in (self.secretary, self.deputy, self.chairman):
            with self.assertRaises(AccessError):
                self.internal.with_user(user).write({"state": "done"})
            with self.assertRaises(AccessError):
                self.incoming.with_user(user).write({"signed_by_id": user.id})
        assignment = self.incoming.assignment_ids
        with self.assertRaises(AccessError):
            assignment.with_user(self.chairman).write({"state": "done"})
        with self.assertRaises(AccessError):
            assignment.with_user(self.executor1).write({"state": "done"})
        self.assertEqual(assignment.state, "new")
        self.assertEqual(self.internal.state, "acknowledgement")
        # resolutions, assignments and acknowledgements are made by the workflow only
        for user in (self.deputy, self.chairman):
            with self.assertRaises(AccessError):
                self.env["coop.document.resolution"].with_user(user).create(
                    {
                        "document_id": self.incoming.id,
                        "author_id": user.id,
                        "text": "Forged",
                        "deputy_id": user.id,
                    }
                )
            with self.assertRaises(AccessError):
                self.env["coop.document.assignment"].with_user(user).create(
                    {"document_id": self.incoming.id, "executor_id": self.executor2.id}
                )
            with self.assertRaises(AccessError):
                self.incoming.with_user(user).write(
                    {"resolution_ids": [(0, 0, {"author_id": user.id, "text": "Forged"})]}
                )
        line = self.internal.acknowledgement_ids
        for user in (self.secretary, self.chairman, self.executor2):
            with self.assertRaises(AccessError):
                line.with_user(user).write({"date_acknowledged": "2026-01-01 10:00:00"})
        self.assertFalse(line.date_acknowledged)

    def test_reports_menu_restricted(self):
        menu = self.env.ref("coop_docflow.menu_coop_document_execution_control")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, Menu.with_user(self.executor1)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.secretary)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.deputy)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.chairman)._visible_menu_ids())
