from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestProcess(CoopCirclesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Process = cls.env["coop.process"]
        cls.top = Process.create(
            {"name": "Delivery", "code": "1", "circle_id": cls.circle.id, "owner_role_id": cls.role.id}
        )
        cls.pentest = Process.create(
            {
                "name": "Penetration test",
                "code": "1.1",
                "parent_id": cls.top.id,
                "circle_id": cls.circle.id,
                "goals": "Find vulnerabilities first",
                "results": "Report",
                "executor_role_ids": [(6, 0, [cls.role.id])],
                "kpi_ids": [
                    (0, 0, {"name": "Report lead time", "measurement": "Working days", "target": "<= 5"})
                ],
            }
        )
        cls.books = Process.create(
            {
                "name": "Books",
                "circle_id": cls.other_circle.id,
                "executor_role_ids": [(6, 0, [cls.other_role.id])],
            }
        )

    def test_levels_and_cycle_refused(self):
        self.assertEqual(self.top.level, 1)
        self.assertEqual(self.pentest.level, 2)
        self.assertEqual(self.pentest.display_name, "1.1 Penetration test")
        with self.assertRaises(ValidationError):
            self.top.write({"parent_id": self.pentest.id})
        self.assertFalse(self.top.parent_id)

    def test_role_duties_derived(self):
        self.assertEqual(self.role.duty_process_ids, self.pentest)
        self.assertEqual(self.role.owned_process_ids, self.top)
        self.assertEqual(self.role.duty_kpi_ids.mapped("name"), ["Report lead time"])
        self.assertEqual(self.other_role.duty_process_ids, self.books)
        # A new process adds to the duties without touching the role.
        extra = self.env["coop.process"].create(
            {"name": "Retest", "circle_id": self.circle.id, "executor_role_ids": [(4, self.role.id)]}
        )
        self.assertEqual(self.role.duty_process_ids, self.pentest | extra)

    def test_role_description_pdf(self):
        report = self.env.ref("coop_circles.action_report_role_description")
        html, _fmt = report._render_qweb_html(report.report_name, self.role.ids)
        html = html.decode()
        self.assertIn("Penetration test", html)
        self.assertIn("Report lead time", html)
        self.assertIn("Find vulnerabilities first", html)
        self.assertNotIn("Books", html)
        self.env.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        action = self.role.action_print_description()
        self.assertEqual(action["report_name"], "coop_circles.report_role_description")

    def test_access(self):
        with self.assertRaises(AccessError):
            self.pentest.with_user(self.user_other).write({"goals": "Hijacked"})
        with self.assertRaises(AccessError):
            self.pentest.kpi_ids.with_user(self.user_other).write({"target": "0"})
        with self.assertRaises(AccessError):
            self.env["coop.process"].with_user(self.user_member).create(
                {"name": "Member's", "circle_id": self.circle.id}
            )
        self.assertEqual(self.pentest.goals, "Find vulnerabilities first")
        self.pentest.with_user(self.user_lead).write({"goals": "Find them all"})
        self.assertEqual(self.pentest.goals, "Find them all")
        self.assertTrue(
            self.env["coop.process"].with_user(self.user_other).search([("id", "=", self.pentest.id)])
        )
