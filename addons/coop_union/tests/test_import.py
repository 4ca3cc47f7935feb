import base64
import io

import openpyxl
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
