from odoo.exceptions import ValidationError
from odoo.service.model import _as_validation_error
from odoo.tests import tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestMember(UnionCase):
    def test_partner_created_and_linked(self):
        self.assertEqual(self.member_a1.partner_id.name, "Member A1")
        self.assertEqual(self.member_a1.partner_id.email, "a1@example.com")
        self.assertEqual(self.member_a1.partner_id.coop_union_path, self.primary_a1.parent_path)

    def test_duplicate_membership_number(self):
        """The unique constraint refuses a number given twice; the user reads its message (what
        Odoo's RPC layer makes of the database error), and nothing is left behind."""
        with self.assertRaises(IntegrityError) as caught, mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["coop.union.member"].create(
                    {"name": "Twin", "membership_number": "T-0001", "organization_id": self.primary_a1.id}
                )
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Twin")]), "no partner left behind")
        shown = _as_validation_error(self.env, caught.exception)
        self.assertIsInstance(shown, ValidationError)
        self.assertIn("This membership number is already given to another member.", str(shown))

    def test_member_only_in_primary(self):
        with self.assertRaisesRegex(ValidationError, "primary"):
            self.env["coop.union.member"].create(
                {"name": "Wrong", "membership_number": "T-0100", "organization_id": self.region_a.id}
            )

    def test_phone_validity(self):
        self.assertTrue(self.member_a1.sms_valid)
        self.assertEqual(self.member_a1.sms_number, "+79120000001")
        self.assertEqual(self.member_a2.sms_number, "+79120000002")
        self.member_a2.mobile = "(3537) 25-14-80"
        self.assertFalse(self.member_a2.sms_valid)
        self.assertEqual(self.member_a2.mobile, "(3537) 25-14-80", "the number is kept")
        self.assertIn("Landline", self.member_a2.sms_invalid_reason)
        self.member_a2.mobile = "8-912-ABC"
        self.assertFalse(self.member_a2.sms_valid)
        self.assertIn("Not a phone number", self.member_a2.sms_invalid_reason)
        self.member_a2.mobile = False
        self.assertIn("No mobile", self.member_a2.sms_invalid_reason)

    def test_leaving(self):
        self.member_a1.write({"leave_date": "2030-01-01", "leave_reason": "Retired"})
        self.assertEqual(self.member_a1.state, "left")
        with self.assertRaises(ValidationError):
            self.member_b1.write({"join_date": "2020-01-01", "leave_date": "2019-01-01"})
