"""Member import from the federation's CSV or XLSX lists, with a report of rejected rows.

Columns (header row, case-insensitive; Russian headers accepted too): full name, membership
number, organisation code, join date, birthdate, mobile, email, workplace, position, industry,
card (ПрофДИСКОНТ), categories (comma-separated codes or names). Valid rows are created in
batches by ``coop.union.member._coop_import_rows`` (models/coop_union_member_import.py); every
rejected row is listed with its reason and the rest is imported.
"""

import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.coop_union_member_import import COLUMNS


class CoopUnionMemberImport(models.TransientModel):
    _name = "coop.union.member.import"
    _description = "Member Import"

    file = fields.Binary(required=True)
    filename = fields.Char()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    imported_count = fields.Integer(readonly=True)
    rejected_count = fields.Integer(readonly=True)
    line_ids = fields.One2many(
        "coop.union.member.import.line", "wizard_id", string="Rejected Rows", readonly=True
    )

    # ------------------------------------------------------------------ reading
    def _read_rows(self):
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        if name.endswith(".xlsx") or content[:2] == b"PK":
            return self._read_xlsx(content)
        return self._read_csv(content)

    @staticmethod
    def _read_csv(content):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1251")
        dialect = csv.excel
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            pass
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]

    def _read_xlsx(self, content):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as e:
            raise UserError(self.env._("The file is not a readable XLSX workbook: %s", e)) from e
        sheet = workbook.worksheets[0]
        return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]

    @staticmethod
    def _map_header(header):
        mapping = {}
        for index, title in enumerate(header):
            key = str(title or "").strip().lower()
            for field, aliases in COLUMNS.items():
                if key in aliases:
                    mapping[field] = index
        return mapping

    # ------------------------------------------------------------------ import
    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        if not rows:
            raise UserError(self.env._("The file is empty."))
        mapping = self._map_header(rows[0])
        missing = [f for f in ("name", "membership_number", "organization") if f not in mapping]
        if missing:
            raise UserError(
                self.env._("The file lacks the columns: %s. The first row must name the columns.", ", ".join(missing))
            )
        records = [{f: row[i] if i < len(row) else "" for f, i in mapping.items()} for row in rows[1:]]
        imported, rejected = self.env["coop.union.member"]._coop_import_rows(records, first_row=2)
        self.write(
            {
                "state": "done",
                "imported_count": len(imported),
                "rejected_count": len(rejected),
                "line_ids": [
                    (0, 0, {"row": r, "reason": reason, "content": content})
                    for r, reason, content in rejected
                ],
            }
        )
        return self._get_records_action(target="new")


class CoopUnionMemberImportLine(models.TransientModel):
    _name = "coop.union.member.import.line"
    _description = "Rejected Import Row"
    _order = "row"

    wizard_id = fields.Many2one("coop.union.member.import", required=True, ondelete="cascade")
    row = fields.Integer()
    reason = fields.Char()
    content = fields.Char()
