from odoo import models
from odoo.addons.coop_base.tools import selection_label


class CoopDocumentJournalXlsx(models.AbstractModel):
    """Registration journal exported to a spreadsheet."""

    _name = "report.coop_docflow.document_journal_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Registration Journal (XLSX)"

    def _journal_columns(self, doc_type):
        columns = [
            (self.env._("Registration Number"), lambda d: d.name, 16),
            (self.env._("Registration Date"), lambda d: d.reg_date, 12),
            (self.env._("Title"), lambda d: d.title, 40),
            (self.env._("Document Date"), lambda d: d.doc_date, 12),
        ]
        if doc_type == "incoming":
            columns += [
                (self.env._("Date Received"), lambda d: d.date_received, 12),
                (self.env._("Sender"), lambda d: d.sender_id.display_name, 30),
                (self.env._("Sender's Number"), lambda d: d.sender_number, 14),
                (self.env._("Sender's Date"), lambda d: d.sender_date, 12),
            ]
        if doc_type == "outgoing":
            columns += [
                (self.env._("Recipients"), lambda d: ", ".join(d.recipient_ids.mapped("display_name")), 30),
                (self.env._("Dispatch Method"), lambda d: selection_label(d, "dispatch_method"), 14),
                (self.env._("Dispatch Date"), lambda d: d.dispatch_date, 12),
            ]
        columns += [
            (self.env._("Medium"), lambda d: selection_label(d, "medium"), 12),
            (self.env._("Summary"), lambda d: d.summary, 40),
            (self.env._("Priority"), lambda d: selection_label(d, "priority"), 10),
            (self.env._("Deadline"), lambda d: d.deadline, 12),
            (self.env._("State"), lambda d: selection_label(d, "state"), 14),
        ]
        return columns

    def generate_xlsx_report(self, workbook, data, wizards):
        bold = workbook.add_format({"bold": True, "text_wrap": True, "border": 1})
        cell = workbook.add_format({"text_wrap": True, "valign": "top", "border": 1})
        date_format = workbook.add_format({"num_format": "dd.mm.yyyy", "valign": "top", "border": 1})
        for wizard in wizards:
            label = selection_label(wizard, "doc_type")
            sheet = workbook.add_worksheet(label[:31])
            sheet.write(
                0,
                0,
                self.env._(
                    "Registration journal of %(office)s: %(type)s, %(start)s to %(end)s",
                    office=wizard.office_id.display_name,
                    type=label,
                    start=wizard.date_from.strftime("%d.%m.%Y"),
                    end=wizard.date_to.strftime("%d.%m.%Y"),
                ),
                workbook.add_format({"bold": True, "font_size": 13}),
            )
            columns = self._journal_columns(wizard.doc_type)
            for col, (title, _getter, width) in enumerate(columns):
                sheet.set_column(col, col, width)
                sheet.write(2, col, title, bold)
            for row, document in enumerate(wizard._get_documents(), start=3):
                for col, (_title, getter, _width) in enumerate(columns):
                    value = getter(document)
                    if hasattr(value, "strftime"):
                        sheet.write_datetime(row, col, value, date_format)
                    else:
                        sheet.write(row, col, value or "", cell)
