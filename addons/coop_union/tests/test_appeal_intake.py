import base64

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestAppealIntake(UnionCase):
    """The one entry every channel (e-mail, web form, portal, Telegram) files its appeals through."""

    def _vals(self, **overrides):
        vals = {
            "subject": "Unpaid overtime",
            "text": "24 hours of overtime are missing from my pay slip.",
            "organization_id": self.primary_a1.id,
            "applicant_name": "Ivan Petrov",
            "applicant_contact": "ivan@example.com",
            "consent": True,
        }
        vals.update(overrides)
        return vals

    def _count(self):
        return self.env["coop.union.appeal"].search_count([])

    def test_creates_one_appeal_with_channel_and_consent(self):
        before = self._count()
        appeal = self.env["coop.union.appeal"]._coop_create_from_channel(
            self._vals(member_id=self.member_a1.id), "telegram", attachments=[("note.txt", b"hello")]
        )
        self.assertEqual(self._count(), before + 1)
        self.assertEqual(appeal.channel, "telegram")
        self.assertEqual(appeal.consent_channel, "telegram")
        self.assertTrue(appeal.consent_date)
        self.assertEqual(appeal.organization_id, self.primary_a1)
        self.assertEqual(appeal.partner_id, self.member_a1.partner_id)
        self.assertEqual(appeal.type_id, self.env.ref("coop_union.appeal_type_general"))
        self.assertTrue(appeal.deadline and appeal.deadline > appeal.date)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "coop.union.appeal"), ("res_id", "=", appeal.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["note.txt"])
        self.assertEqual(base64.b64decode(attachments.datas), b"hello")

    def test_bad_input_creates_nothing(self):
        Appeal = self.env["coop.union.appeal"]
        self.env["ir.config_parameter"].sudo().set_param("coop_union.appeal_attachment_max_mb", "1")
        archived = self.env["coop.union.organization"].create(
            {"name": "Closed", "level": "primary", "parent_id": self.region_a.id, "active": False}
        )
        cases = {
            "no consent": (self._vals(consent=False), None, "consent"),
            "empty text": (self._vals(text="   "), None, "text of the appeal"),
            "unknown organisation": (self._vals(organization_id=999999), None, "organisation"),
            "archived organisation": (self._vals(organization_id=archived.id), None, "organisation"),
            "no organisation": (self._vals(organization_id=False), None, "organisation"),
            "oversized attachment": (
                self._vals(),
                [("big.pdf", b"x" * (1024 * 1024 + 1))],
                "larger than 1 MB",
            ),
            "a field no channel sets": (self._vals(state="closed"), None, "cannot be filed"),
        }
        before = self._count()
        for label, (vals, files, message) in cases.items():
            with self.subTest(label), self.assertRaisesRegex(UserError, message):
                Appeal._coop_create_from_channel(vals, "web", attachments=files)
        self.assertEqual(self._count(), before)
        with self.assertRaises(UserError):
            Appeal._coop_create_from_channel(self._vals(), "visit")
        self.assertEqual(self._count(), before)

    def test_errors_are_translated(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        Appeal = self.env["coop.union.appeal"].with_context(lang="ru_RU")
        with self.assertRaisesRegex(UserError, "согласие"):
            Appeal._coop_create_from_channel(self._vals(consent=False), "web")
