"""Member import from the federation's CSV or XLSX lists, with a report of rejected rows.

Columns (header row, case-insensitive; Russian headers accepted too): full name, membership
number, organisation code, join date, birthdate, mobile, email, workplace, position, industry,
card (ПрофДИСКОНТ), categories (comma-separated codes or names). Valid rows are created in
batches; every rejected row is listed with its reason and the rest is imported.
"""

import base64
import csv
import io
from datetime import date, datetime

import psycopg2
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import phone as phone_tools
from ..tools.bulk import add_missing_defaults, bulk_defaults

COLUMNS = {
    "name": ("name", "full name", "фио", "ф.и.о.", "полное имя"),
    "membership_number": (
        "membership_number",
        "membership number",
        "номер билета",
        "членский билет",
        "номер",
    ),
    "organization": ("organization", "organisation", "organization code", "код организации", "организация"),
    "join_date": ("join_date", "join date", "дата вступления"),
    "birthdate": ("birthdate", "birth date", "дата рождения"),
    "mobile": ("mobile", "phone", "мобильный", "телефон"),
    "email": ("email", "e-mail", "эл. почта"),
    "workplace": ("workplace", "место работы"),
    "position": ("position", "должность"),
    "industry": ("industry", "отрасль"),
    "discount_card": ("discount_card", "card", "профдисконт", "карта профдисконт"),
    "categories": ("categories", "категории"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y")
BATCH = 1000


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

    @staticmethod
    def _read_xlsx(content):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as e:
            raise UserError(_("The file is not a readable XLSX workbook: %s", e)) from e
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
            raise UserError(_("The file is empty."))
        mapping = self._map_header(rows[0])
        missing = [f for f in ("name", "membership_number", "organization") if f not in mapping]
        if missing:
            raise UserError(
                _("The file lacks the columns: %s. The first row must name the columns.", ", ".join(missing))
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
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class CoopUnionMemberImportLine(models.TransientModel):
    _name = "coop.union.member.import.line"
    _description = "Rejected Import Row"
    _order = "row"

    wizard_id = fields.Many2one("coop.union.member.import", required=True, ondelete="cascade")
    row = fields.Integer()
    reason = fields.Char()
    content = fields.Char()


class CoopUnionMember(models.Model):
    _inherit = "coop.union.member"

    @api.model
    def _add_missing_default_values(self, values):
        # computed once per batch while members are imported (see tools.bulk)
        return add_missing_defaults(self, values, super()._add_missing_default_values)

    @api.model
    def _coop_import_rows(self, records, first_row=1):
        """Validate and create members from dict rows (see ``COLUMNS``).

        :return: (created members, [(row number, reason, content)])
        """
        # a bulk import logs no "created" message and no tracking on every member
        self = self.with_context(tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True)
        Organization = self.env["coop.union.organization"]
        orgs = {}
        for org in Organization.search_read([("code", "!=", False)], ["code", "level"]):
            orgs[org["code"].strip().lower()] = org
        industries = {i.name.lower(): i.id for i in self.env["coop.union.industry"].search([])}
        categories = {}
        for cat in self.env["coop.union.category"].search([]):
            categories[cat.name.lower()] = cat.id
            if cat.code:
                categories[cat.code.lower()] = cat.id
        numbers = [str(r.get("membership_number") or "").strip() for r in records]
        existing = set()
        for start in range(0, len(numbers), 10000):
            self.env.cr.execute(
                "SELECT membership_number FROM coop_union_member WHERE membership_number = ANY(%s)",
                [numbers[start : start + 10000]],
            )
            existing.update(r[0] for r in self.env.cr.fetchall())
        rejected, valid, seen = [], [], set()
        for offset, raw in enumerate(records):
            row = first_row + offset
            content = "; ".join(str(v) for v in raw.values() if v not in (None, ""))[:250]
            try:
                vals = self._coop_import_vals(raw, orgs, industries, categories)
            except ValidationError as e:
                rejected.append((row, e.args[0], content))
                continue
            number = vals["membership_number"]
            if number in existing:
                rejected.append(
                    (row, _("Membership number %s is already given to another member.", number), content)
                )
                continue
            if number in seen:
                rejected.append((row, _("Membership number %s appears twice in the file.", number), content))
                continue
            seen.add(number)
            valid.append((row, vals, content))
        created_ids = []
        with bulk_defaults(self.env.cr):
            for start in range(0, len(valid), BATCH):
                chunk = valid[start : start + BATCH]
                try:
                    with self.env.cr.savepoint():
                        created_ids += self.create([vals for _r, vals, _c in chunk]).ids
                except (ValidationError, AccessError, ValueError, psycopg2.Error):
                    # find the culprits one by one, keep the others
                    for row, vals, content in chunk:
                        try:
                            with self.env.cr.savepoint():
                                created_ids += self.create(vals).ids
                        except (ValidationError, AccessError, ValueError, psycopg2.Error) as e:
                            rejected.append((row, str(e.args[0]) if e.args else str(e), content))
        rejected.sort()
        return self.browse(created_ids), rejected

    @api.model
    def _coop_import_vals(self, raw, orgs, industries, categories):
        def text(key):
            value = raw.get(key)
            if value is None:
                return ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip()

        name = text("name")
        if not name:
            raise ValidationError(_("The full name is empty."))
        number = text("membership_number")
        if not number:
            raise ValidationError(_("The membership number is empty."))
        org_code = text("organization").lower()
        org = orgs.get(org_code)
        if not org:
            raise ValidationError(_("Unknown organisation code %s.", text("organization")))
        if org["level"] != "primary":
            raise ValidationError(
                _(
                    "Organisation %s is not a primary organisation: members belong to primary ones.",
                    text("organization"),
                )
            )
        vals = {"name": name, "membership_number": number, "organization_id": org["id"]}
        for key in ("join_date", "birthdate"):
            value = raw.get(key)
            if value not in (None, ""):
                vals[key] = self._coop_parse_date(value, key)
        for key in ("email", "workplace", "position", "discount_card"):
            if text(key):
                vals[key] = text(key)
        if text("mobile"):
            # an invalid number is kept: the member is excluded from SMS with the reason shown
            vals["mobile"] = text("mobile")
            normalized, _reason = phone_tools.normalize_mobile(vals["mobile"])
            if normalized:
                vals["mobile"] = normalized
        if text("industry"):
            industry = industries.get(text("industry").lower())
            if not industry:
                raise ValidationError(_("Unknown industry %s.", text("industry")))
            vals["industry_id"] = industry
        if text("categories"):
            ids = []
            for item in text("categories").split(","):
                item = item.strip().lower()
                if not item:
                    continue
                if item not in categories:
                    raise ValidationError(_("Unknown category %s.", item))
                ids.append(categories[item])
            vals["category_ids"] = [(6, 0, ids)]
        return vals

    @api.model
    def _coop_parse_date(self, value, key):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for fmt in DATE_FORMATS:
            try:
                parsed = datetime.strptime(str(value).strip(), fmt).date()
            except ValueError:
                continue
            if parsed > fields.Date.context_today(self):
                raise ValidationError(_("The date %s is in the future.", value))
            return parsed
        labels = {"join_date": _("join date"), "birthdate": _("birthdate")}
        raise ValidationError(
            _("Cannot read the %(what)s %(value)s (expected DD.MM.YYYY).", what=labels[key], value=value)
        )
