import json
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import OfficeStaffMixin


@tagged("post_install", "-at_install")
class TestAttendance(OfficeStaffMixin, HttpCase):
    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertNotIn("error", body, body)
        return body["result"]

    def _attendances(self, employee):
        return self.env["hr.attendance"].search([("employee_id", "=", employee.id)], order="check_in")

    def test_check_in_out_and_break_from_the_systray(self):
        self.authenticate(self.u_r1.login, self.u_r1.login)
        result = self._json("/hr_attendance/systray_check_in_out", {})
        self.assertEqual(result["attendance_state"], "checked_in")
        attendances = self._attendances(self.e_r1)
        self.assertEqual(len(attendances), 1)
        self.assertFalse(attendances.check_out)
        self.assertEqual(attendances.in_mode, "systray")
        self.assertEqual(attendances.coop_office_id, self.office_reg)
        # the morning started four hours ago
        attendances.check_in = attendances.check_in - timedelta(hours=4)
        # a break: check out (45 minutes ago), then check in again
        self.assertEqual(self._json("/hr_attendance/systray_check_in_out", {})["attendance_state"], "checked_out")
        attendances.check_out = attendances.check_out - timedelta(minutes=45)
        self.assertEqual(self._json("/hr_attendance/systray_check_in_out", {})["attendance_state"], "checked_in")
        attendances = self._attendances(self.e_r1)
        self.assertEqual(len(attendances), 2)
        self.assertTrue(attendances[0].check_out)
        self.assertFalse(attendances[1].check_out)
        self.assertAlmostEqual(attendances[0].worked_hours, 3.25, places=1)
        # his chairman reads them; the chairman of another office does not
        self.assertEqual(self.env["hr.attendance"].with_user(self.u_reg).search([("employee_id", "=", self.e_r1.id)]), attendances)
        self.assertFalse(self.env["hr.attendance"].with_user(self.u_side).search([("employee_id", "=", self.e_r1.id)]))

    def test_kiosk_check_in_with_pin(self):
        company = self.e_p1.company_id
        company.sudo().write({"attendance_kiosk_use_pin": True})
        token = company.attendance_kiosk_key
        # the kiosk lists the company's departments: each office's department is there
        page = self.url_open(f"/hr_attendance/{token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.office_prim.coop_department_id.name, page.text)
        # a wrong PIN is refused and records nothing
        result = self._json(
            "/hr_attendance/manual_selection", {"token": token, "employee_id": self.e_p1.id, "pin_code": "0000"}
        )
        self.assertFalse(result)
        self.assertFalse(self._attendances(self.e_p1))
        result = self._json(
            "/hr_attendance/manual_selection", {"token": token, "employee_id": self.e_p1.id, "pin_code": "4321"}
        )
        self.assertEqual(result["attendance_state"], "checked_in")
        attendance = self._attendances(self.e_p1)
        self.assertEqual(len(attendance), 1)
        self.assertEqual(attendance.in_mode, "kiosk")
        self.assertEqual(attendance.coop_office_id, self.office_prim)
