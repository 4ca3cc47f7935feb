import io

import openpyxl
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestAward(UnionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_a1.write(
            {"workplace": "City hospital", "position": "nurse", "industry_id": cls.industry.id}
        )
        Award = cls.env["coop.union.award"]
        cls.award_a1 = Award.create(
            {
                "year": 2025,
                "member_id": cls.member_a1.id,
                "award_type_id": cls.award_type.id,
                "cash_gift": 5000,
                "justification": "Years of work",
            }
        )
        cls.award_b1 = Award.create(
            {
                "year": 2024,
                "member_id": cls.member_b1.id,
                "award_type_id": cls.award_type.id,
                "justification": "Collective agreement",
            }
        )

    def _export(self, awards, user):
        report = self.env.ref("coop_union.report_coop_union_award_xlsx")
        content, fmt = (
            self.env["ir.actions.report"].with_user(user)._render(report.report_name, awards.ids, data={})
        )
        self.assertEqual(fmt, "xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_seven_columns_filled_from_member(self):
        self.assertEqual(self.award_a1.name, "Member A1")
        self.assertEqual(self.award_a1.workplace_position, "City hospital, nurse")
        self.assertEqual(self.award_a1.industry_id, self.industry)
        self.assertEqual(self.award_a1.organization_id, self.primary_a1)

    def test_excel_export_of_a_filtered_selection(self):
        awards = (
            self.env["coop.union.award"]
            .with_user(self.user_fed)
            .search([("year", "=", 2025), ("award_type_id", "=", self.award_type.id)])
        )
        self.assertEqual(awards, self.award_a1)
        rows = self._export(awards, self.user_fed)
        self.assertEqual(len(rows[0]), 7)
        self.assertEqual(rows[0][0], "Year")
        self.assertEqual(
            rows[1][:6], [2025, "Member A1", "City hospital, nurse", "Test industry", "Test award", 5000]
        )
        self.assertEqual(rows[1][6], "Years of work")
        self.assertEqual(len(rows), 2)

    def test_export_respects_hierarchy(self):
        visible = self.env["coop.union.award"].with_user(self.user_prim_b1).search([])
        self.assertEqual(visible, self.award_b1)
        with self.assertRaises(AccessError):
            self._export(self.award_a1 | self.award_b1, self.user_prim_b1)
        with self.assertRaises(AccessError):
            self.award_a1.with_user(self.user_prim_b1).export_data(["name", "cash_gift"])
