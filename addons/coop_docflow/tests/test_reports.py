import io

import openpyxl
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestReports(DocflowCase):
    def test_registration_card(self):
        doc = self._sent("incoming", title="Invitation to the commission")
        self._resolve(doc, self.chairman, text="Attend and report", executors=self.executor1)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("coop_docflow.report_document_card", doc.ids)[0]
            .decode()
        )
        self.assertIn(doc.name, html)
        self.assertIn("Invitation to the commission", html)
        self.assertIn("Attend and report", html)
        self.assertIn("Executor One", html)

    def _journal_wizard(self, doc_type):
        return (
            self.env["coop.document.journal.report.wizard"]
            .with_user(self.secretary)
            .create({"doc_type": doc_type})
        )

    def test_journal_pdf_per_type(self):
        incoming = self._registered("incoming", title="Letter from the ministry")
        outgoing = self._registered("outgoing", title="Answer to the ministry")
        draft = self._new_doc("incoming", title="Unregistered letter")
        wizard = self._journal_wizard("incoming")
        self.assertIn(incoming, wizard._get_documents())
        self.assertNotIn(outgoing, wizard._get_documents())
        self.assertNotIn(draft, wizard._get_documents())
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "coop_docflow.report_document_journal")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("coop_docflow.report_document_journal", wizard.ids)[0]
            .decode()
        )
        self.assertIn(incoming.name, html)
        self.assertIn("Ministry of Labour", html)
        self.assertNotIn("Answer to the ministry", html)
        self.assertNotIn("Unregistered letter", html)

    def test_journal_period_checked(self):
        wizard = self._journal_wizard("internal")
        with self.assertRaises(ValidationError):
            wizard.write({"date_to": "2000-01-01"})

    def test_journal_xlsx(self):
        outgoing = self._registered("outgoing", title="Answer to the ministry")
        self._registered("incoming", title="Not in this journal")
        wizard = self._journal_wizard("outgoing")
        action = wizard.action_export_xlsx()
        self.assertEqual(action["report_type"], "xlsx")
        content, file_type = (
            self.env["ir.actions.report"]
            .with_user(self.secretary)
            ._render("coop_docflow.document_journal_xlsx", wizard.ids)
        )
        self.assertEqual(file_type, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
        self.assertIn(outgoing.name, values)
        self.assertIn("Answer to the ministry", values)
        self.assertIn("Employers' Association", values)
        self.assertNotIn("Not in this journal", values)

    def test_execution_control(self):
        doc = self._sent("incoming")
        self._resolve(doc, self.chairman, executors=self.executor1 | self.executor2)
        doc.assignment_ids.filtered(lambda a: a.executor_id == self.executor2).with_user(
            self.executor2
        ).action_done(report="Done")
        Assignment = self.env["coop.document.assignment"].with_user(self.deputy)
        groups = Assignment.read_group(
            [("document_id", "=", doc.id), ("state", "!=", "done")], ["executor_id"], ["executor_id"]
        )
        self.assertEqual([g["executor_id"][0] for g in groups], self.executor1.ids)
