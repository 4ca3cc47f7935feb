import base64
import io
from datetime import date

import openpyxl
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import UnionCase

CSV = """ФИО;Номер билета;Код организации;Дата рождения;Мобильный;Эл. почта;Категории
Новиков Игорь Петрович;T-5001;T-A1;12.04.1980;8 912 555 00 01;novikov@example.com;activist
Дубликат Билета;T-0001;T-A1;01.01.1990;;;
;T-5002;T-A1;01.01.1990;;;
Не в первичной;T-5003;T-RA;01.01.1990;;;
Плохая дата;T-5004;T-A1;31.02.1990;;;
Неизвестная;T-5005;NOPE;;;;
Повтор в файле;T-5001;T-A1;;;;
Стационарный Номер;T-5006;T-A2;;(3532) 44-55-66;;media
"""


@tagged("post_install", "-at_install")
class TestImport(UnionCase):
    def _wizard(self, content, filename, user=None):
        wizard = self.env["coop.union.member.import"].with_user(user or self.user_fed)
        return wizard.create({"file": base64.b64encode(content), "filename": filename})

    def test_csv_with_rejected_rows(self):
        wizard = self._wizard(CSV.encode(), "members.csv")
        wizard.action_import()
        self.assertEqual(wizard.imported_count, 2)
        self.assertEqual(wizard.rejected_count, 6)
        reasons = {line.row: line.reason for line in wizard.line_ids}
        self.assertIn("already given", reasons[3])
        self.assertIn("full name", reasons[4])
        self.assertIn("not a primary", reasons[5])
        self.assertIn("Cannot read", reasons[6])
        self.assertIn("Unknown organisation", reasons[7])
        self.assertIn("twice", reasons[8])
        Member = self.env["coop.union.member"]
        novikov = Member.search([("membership_number", "=", "T-5001")])
        self.assertEqual(novikov.sms_number, "+79125550001")
        self.assertEqual(novikov.category_ids.code, "activist")
        landline = Member.search([("membership_number", "=", "T-5006")])
        self.assertFalse(landline.sms_valid, "kept, but excluded from SMS")
        self.assertEqual(landline.mobile, "(3532) 44-55-66")

    def test_import_writes_nothing_in_the_members_chatter(self):
        """An imported member's chatter stays empty: what the import leaves to compute (the
        region among it) is not tracked as a change, whichever context flushes it."""
        plain = self.env(context={})  # not the test classes' tracking-free context
        Member = plain["coop.union.member"].with_user(self.user_fed)
        rows = [{"name": "Chatter %d" % i, "membership_number": "T-90%02d" % i, "organization": "T-A1"} for i in range(3)]
        orgs = {"t-a1": {"id": self.primary_a1.id, "level": "primary"}}
        vals_list = [Member._coop_import_vals(dict(row), orgs, {}, {}) for row in rows]
        members = Member.with_context(tracking_disable=True, mail_create_nolog=True)._coop_import_create(vals_list)
        plain["coop.union.member"].flush_model()  # whatever is left is computed as this context does
        plain.cr.flush()  # and tracked, as at the commit
        self.assertEqual(members.mapped("regional_organization_id"), self.region_a)
        messages = plain["mail.message"].search([("model", "=", "coop.union.member"), ("res_id", "in", members.ids)])
        self.assertFalse(messages, messages.mapped("tracking_value_ids.field_id.name"))

    def test_xlsx(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Full name", "Membership number", "Organization", "Birthdate", "Mobile"])
        sheet.append(["Orlova Anna", "T-6001", "T-B1", "1985-05-05", "+79125550002"])
        sheet.append(["Bad Org", "T-6002", "T-FED", None, None])
        buffer = io.BytesIO()
        workbook.save(buffer)
        wizard = self._wizard(buffer.getvalue(), "members.xlsx")
        wizard.action_import()
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 1))
        self.assertEqual(
            self.env["coop.union.member"].search([("membership_number", "=", "T-6001")]).name, "Orlova Anna"
        )

    def test_malformed_file(self):
        with self.assertRaisesRegex(UserError, "lacks the columns"):
            self._wizard(b"just some text\nwithout columns", "x.csv").action_import()
        with self.assertRaises(UserError):
            self._wizard(b"PK\x03\x04garbage", "x.xlsx").action_import()
        self.assertFalse(self.env["coop.union.member"].search([("name", "=", "just some text")]))

    def test_staff_imports_only_into_own_subtree(self):
        content = "ФИО;Номер билета;Код организации\nЧужой Член;T-7001;T-B1\nСвой Член;T-7002;T-A1\n"
        wizard = self._wizard(content.encode(), "m.csv", user=self.user_prim_a1)
        wizard.action_import()
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(wizard.line_ids.row, 2)

    def test_defaults_computed_once_stay_per_row(self):
        """Defaults are shared by the rows of a batch, the values of each row are not."""
        Member = self.env["coop.union.member"].with_user(self.user_fed)
        rows = [
            {"name": "Row %d" % i, "membership_number": "T-61%02d" % i, "organization": "T-A1", "mobile": ""}
            for i in range(5)
        ]
        rows[2]["join_date"] = "01.02.2003"
        rows[3]["email"] = "row3@example.com"
        rows[4]["categories"] = "activist"
        created, rejected = Member._coop_import_rows(rows)
        self.assertFalse(rejected)
        self.assertEqual(len(created), 5)
        self.assertNotIn("coop_union_import_defaults", self.env.cr.cache, "memo dropped after the import")
        today = fields.Date.context_today(Member)
        by_number = {m.membership_number: m for m in created}
        self.assertEqual(by_number["T-6102"].join_date, date(2003, 2, 1))
        self.assertEqual({by_number["T-61%02d" % i].join_date for i in (0, 1, 3, 4)}, {today})
        self.assertEqual(by_number["T-6103"].partner_id.email, "row3@example.com")
        self.assertFalse(by_number["T-6104"].partner_id.email)
        self.assertEqual(by_number["T-6104"].category_ids.code, "activist")
        self.assertFalse(by_number["T-6100"].category_ids)
        self.assertTrue(all(m.consent_sms and m.active for m in created))
        self.assertEqual(len(created.partner_id), 5, "one contact per member")
        # the staff of another subtree cannot read the imported contacts
        self.assertFalse(
            self.env["res.partner"]
            .with_user(self.user_prim_b1)
            .search([("id", "in", created.partner_id.ids)])
        )

    def test_import_rows_equal_those_of_create(self):
        """The import's batch creation writes the member and contact rows ``create`` writes."""
        Member = self.env["coop.union.member"].with_user(self.user_fed)
        rows = [
            {"name": "Parity %d" % i, "membership_number": "T-80%02d" % i, "organization": "T-A1"}
            for i in range(4)
        ]
        rows[0].update(birthdate="29.02.1984", mobile="8 912 555 00 07", email="Parity0@Example.com")
        rows[1].update(mobile="(3532) 44-55-66", workplace="Завод", position="токарь", discount_card="ПД-1")
        rows[2].update(join_date="01.02.2003", categories="activist, media")
        rows[3].update(mobile="не номер")
        orgs = {"t-a1": {"id": self.primary_a1.id, "level": "primary"}}
        categories = {c.code: c.id for c in self.env["coop.union.category"].search([("code", "!=", False)])}
        vals_list = [Member._coop_import_vals(dict(row), orgs, {}, categories) for row in rows]
        imported, rejected = Member._coop_import_rows(rows)
        self.assertFalse(rejected)
        for vals in vals_list:
            vals["membership_number"] += "-orm"
        created = Member.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(vals_list)
        self.env.flush_all()
        # write_uid: the ORM's recomputation after the insert writes as the superuser
        # commercial_partner_id: each contact's own id
        skip = {"id", "create_date", "write_date", "write_uid", "membership_number", "partner_id", "commercial_partner_id"}

        def table_rows(model, ids):
            self.env.cr.execute(
                "SELECT * FROM %s WHERE id = ANY(%%s) ORDER BY id" % self.env[model]._table, [list(ids)]
            )
            names = [d.name for d in self.env.cr.description]
            return [{n: v for n, v in zip(names, r, strict=True) if n not in skip} for r in self.env.cr.fetchall()]

        self.assertEqual(table_rows("coop.union.member", imported.ids), table_rows("coop.union.member", created.ids))
        self.assertEqual(
            table_rows("res.partner", imported.partner_id.ids), table_rows("res.partner", created.partner_id.ids)
        )
        self.assertEqual(
            [m.category_ids.ids for m in imported.sorted("id")], [m.category_ids.ids for m in created.sorted("id")]
        )
        self.assertTrue(all(m.coop_union_scope_user_ids >= self.user_fed for m in imported))
