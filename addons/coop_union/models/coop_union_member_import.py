"""Member import: validation of the federation's rows and batch creation of members.

The rows come from the import wizard (CSV or XLSX, see ``wizards/coop_union_member_import.py``)
as dicts keyed by ``COLUMNS``. Valid rows are created in batches; every rejected row is returned
with its reason and the rest is imported.
"""

from datetime import date, datetime

import psycopg2
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL, email_normalize

from ..tools import phone as phone_tools
from ..tools.bulk import add_missing_defaults, bulk_defaults
from .coop_union_member import PARTNER_FIELDS

# column keys of an import row and the headers (case-insensitive; Russian too) that name them
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
                    (row, self.env._("Membership number %s is already given to another member.", number), content)
                )
                continue
            if number in seen:
                rejected.append((row, self.env._("Membership number %s appears twice in the file.", number), content))
                continue
            seen.add(number)
            valid.append((row, vals, content))
        created_ids = []
        with bulk_defaults(self.env.cr):
            for start in range(0, len(valid), BATCH):
                chunk = valid[start : start + BATCH]
                try:
                    with self.env.cr.savepoint():
                        created_ids += self._coop_import_create([vals for _r, vals, _c in chunk]).ids
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
    def _coop_import_create(self, vals_list):
        """Create the members of a batch of import rows as ``create`` would, in fewer statements.

        ``create`` costs a member more than its contact: the ORM inserts the row, then updates it
        twice with its computed fields and updates the contact again for its organisation path.
        Import rows are plain (no contact given, no key person, no leave): their contacts are
        created through the ORM with their organisation path, and the members in one INSERT
        with the values their computes give (computed here by the same code: ``_next_birthday``,
        the mobile normalisation, the defaults of ``default_get``); any other stored computed
        field is left to the ORM. Rights, record rules and constraints are checked as ``create``
        checks them; test_import compares the rows with those ``create`` writes.
        """
        self.check_access("create")
        if not vals_list:
            return self.browse()
        if any(vals.get("partner_id") or vals.get("is_key_person") or vals.get("leave_date") for vals in vals_list):
            return self.create(vals_list)
        cr = self.env.cr
        orgs = self.env["coop.union.organization"].browse({vals["organization_id"] for vals in vals_list})
        paths = {org.id: org.parent_path for org in orgs.sudo()}
        partners = (
            self.env["res.partner"]
            .sudo()
            .create(
                [
                    {
                        **{f: vals[f] for f in PARTNER_FIELDS if f in vals},
                        # the organisation the member is created in (see _compute_coop_union_path)
                        "coop_union_path": paths[vals["organization_id"]],
                        "coop_union_organization_id": vals["organization_id"],
                    }
                    for vals in vals_list
                ]
            )
        )
        today = fields.Date.context_today(self)
        reasons = self._sms_reason_labels()
        company_country = self.env.company.country_id
        now = fields.Datetime.now()
        rows = []
        for vals, partner in zip(vals_list, partners, strict=True):
            row = self._add_missing_default_values({k: v for k, v in vals.items() if k != "category_ids"})
            row.pop("category_ids", None)
            number, reason = phone_tools.normalize_mobile(vals.get("mobile"))
            birthdate = fields.Date.to_date(row.get("birthdate"))
            next_birthday, age = self._next_birthday(birthdate, today)
            # as mail.thread.phone and mail.thread.blacklist compute them
            sanitized = number and self._phone_format(number=number, country=partner.country_id or company_country)
            email = row.get("email") or vals.get("email")
            row.update(
                phone_sanitized=sanitized or False,
                email_normalized=email and email_normalize(email, strict=False) or False,
                partner_id=partner.id,
                organization_path=paths[vals["organization_id"]],
                state="member",
                is_chairman=False,
                next_birthday=next_birthday,
                age_next_birthday=age,
                sms_number=number,
                sms_valid=bool(number),
                sms_invalid_reason=reasons[reason] if reason else False,
                create_uid=self.env.uid,
                write_uid=self.env.uid,
                create_date=now,
                write_date=now,
            )
            for fname in PARTNER_FIELDS:
                row.setdefault(fname, vals.get(fname) or False)
            rows.append(row)
        names = sorted(
            {n for row in rows for n in row if self._fields[n].store and self._fields[n].column_type} - {"id"}
        )
        record = self.browse()
        cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s RETURNING id",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(n) for n in names),
                SQL(", ").join(
                    SQL(
                        "(%s)",
                        SQL(", ").join(
                            self._fields[n].convert_to_column_insert(row.get(n), record, row) for n in names
                        ),
                    )
                    for row in rows
                ),
            )
        )
        members = self.browse([r[0] for r in cr.fetchall()])
        categories = self._fields["category_ids"]
        links = [
            (member.id, cat_id)
            for member, vals in zip(members, vals_list, strict=True)
            for command in vals.get("category_ids") or ()
            for cat_id in command[2]
        ]
        if links:
            cr.execute(
                SQL(
                    "INSERT INTO %s (%s, %s) VALUES %s ON CONFLICT DO NOTHING",
                    SQL.identifier(categories.relation),
                    SQL.identifier(categories.column1),
                    SQL.identifier(categories.column2),
                    SQL(", ").join(SQL("(%s, %s)", m, c) for m, c in links),
                )
            )
        # what another module adds (a stored computed field) is computed by the ORM as usual
        for field in self._fields.values():
            if field.store and field.compute and field.name not in names:
                self.env.add_to_compute(field, members)
        # computed now, in the import's context: a later flush would compute them in whatever
        # context flushes, tracking them and logging a chatter message per member
        members.flush_recordset()
        partners.invalidate_recordset(["coop_union_member_ids"])
        members._validate_fields(names + (["category_ids"] if links else []))
        members.check_access("create")
        return members

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
            raise ValidationError(self.env._("The full name is empty."))
        number = text("membership_number")
        if not number:
            raise ValidationError(self.env._("The membership number is empty."))
        org_code = text("organization").lower()
        org = orgs.get(org_code)
        if not org:
            raise ValidationError(self.env._("Unknown organisation code %s.", text("organization")))
        if org["level"] != "primary":
            raise ValidationError(
                self.env._(
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
                raise ValidationError(self.env._("Unknown industry %s.", text("industry")))
            vals["industry_id"] = industry
        if text("categories"):
            ids = []
            for item in text("categories").split(","):
                item = item.strip().lower()
                if not item:
                    continue
                if item not in categories:
                    raise ValidationError(self.env._("Unknown category %s.", item))
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
                raise ValidationError(self.env._("The date %s is in the future.", value))
            return parsed
        labels = {"join_date": self.env._("join date"), "birthdate": self.env._("birthdate")}
        raise ValidationError(
            self.env._("Cannot read the %(what)s %(value)s (expected DD.MM.YYYY).", what=labels[key], value=value)
        )
