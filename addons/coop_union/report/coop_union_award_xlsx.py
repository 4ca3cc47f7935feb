from odoo import models


class CoopUnionAwardXlsx(models.AbstractModel):
    """The awards list in Excel: the seven columns of the federation's list, for any selection."""

    _name = "report.coop_union.award_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Awards List (Excel)"

    def _award_columns(self):
        return [
            (self.env._("Year"), 8, lambda a: a.year),
            (self.env._("Full Name"), 32, lambda a: a.name),
            (self.env._("Workplace and Position"), 40, lambda a: a.workplace_position or ""),
            (self.env._("Industry"), 24, lambda a: a.industry_id.name or ""),
            (self.env._("Award"), 32, lambda a: a.award_type_id.name or ""),
            (self.env._("Cash Gift"), 14, lambda a: a.cash_gift or 0.0),
            (self.env._("Justification"), 60, lambda a: a.justification or ""),
        ]

    def generate_xlsx_report(self, workbook, data, awards):
        # the selection is read with the user's own rights: record rules apply
        awards.check_access("read")
        sheet = workbook.add_worksheet(self.env._("Awards"))
        bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        money = workbook.add_format({"num_format": "#,##0.00", "valign": "top"})
        columns = self._award_columns()
        for col, (title, width, _getter) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(0, col, title, bold)
        for row, award in enumerate(awards.sorted(lambda a: (-a.year, a.name)), start=1):
            for col, (_title, _width, getter) in enumerate(columns):
                sheet.write(row, col, getter(award), money if col == 5 else wrap)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(awards), 1), len(columns) - 1)
