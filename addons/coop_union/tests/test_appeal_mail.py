from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import UnionCase

RAW = """From: "{name}" <{sender}>
To: appeals@union.test
Subject: {subject}
Message-ID: <{message_id}>
{extra}MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset="utf-8"

{body}
--BOUNDARY
Content-Type: text/plain; name="payslip.txt"
Content-Disposition: attachment; filename="payslip.txt"

November pay slip
--BOUNDARY--
"""


@tagged("post_install", "-at_install")
class TestAppealMail(UnionCase):
    """An e-mail to the appeals address creates one appeal in the sender's organisation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias = cls.env.ref("coop_union.mail_alias_appeal")
        domain = cls.env["mail.alias.domain"].search([("name", "=", "union.test")], limit=1) or cls.env[
            "mail.alias.domain"
        ].create({"name": "union.test"})
        cls.alias.write({"alias_domain_id": domain.id, "alias_name": "appeals"})
        cls.env["ir.config_parameter"].set_param("coop_union.appeal_default_organization_id", cls.region_b.id)

    def _process(
        self,
        sender,
        name="Sender",
        subject="Overtime",
        body="24 hours are missing.",
        message_id="a1@example.com",
        extra="",
    ):
        raw = RAW.format(
            sender=sender, name=name, subject=subject, body=body, message_id=message_id, extra=extra
        )
        return self.env["mail.thread"].message_process(None, raw)

    def _appeals(self):
        return self.env["coop.union.appeal"].search([("channel", "=", "email")])

    def test_member_email_creates_appeal_in_his_organisation(self):
        before = self._appeals()
        thread_id = self._process("a1@example.com", name="Member A1")
        appeal = self._appeals() - before
        self.assertEqual(len(appeal), 1)
        self.assertEqual(appeal.id, thread_id)
        self.assertEqual(appeal.organization_id, self.primary_a1)
        self.assertEqual(appeal.member_id, self.member_a1)
        self.assertEqual(appeal.subject, "Overtime")
        self.assertIn("24 hours are missing.", appeal.text)
        self.assertEqual(appeal.consent_channel, "email")
        self.assertEqual(appeal.applicant_email, "a1@example.com")
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "coop.union.appeal"), ("res_id", "=", appeal.id)]
        )
        self.assertEqual(attachment.mapped("name"), ["payslip.txt"])
        # the staff of the member's organisation see it; another subtree does not
        self.assertTrue(appeal.with_user(self.user_prim_a1).has_access("read"))
        self.assertFalse(appeal.with_user(self.user_prim_b1).has_access("read"))
        # a reply is threaded onto the same appeal, it creates none
        self._process(
            "a1@example.com",
            subject="Re: Overtime",
            body="And 8 more hours in December.",
            message_id="a1-reply@example.com",
            extra="In-Reply-To: <a1@example.com>\nReferences: <a1@example.com>\n",
        )
        self.assertEqual(self._appeals() - before, appeal)
        self.assertTrue(appeal.message_ids.filtered(lambda m: "8 more hours" in (m.body or "")))

    def test_unknown_sender_goes_to_default_organisation(self):
        before = self._appeals()
        self._process("stranger@example.org", name="Anna Fedorova", message_id="s1@example.org")
        appeal = self._appeals() - before
        self.assertEqual(len(appeal), 1)
        self.assertEqual(appeal.organization_id, self.region_b)
        self.assertFalse(appeal.member_id)
        self.assertEqual(appeal.applicant_name, "Anna Fedorova")
        self.assertEqual(appeal.applicant_contact, "stranger@example.org")
        self.assertFalse(appeal.with_user(self.user_reg_a).has_access("read"))

    def test_message_new_is_for_the_mail_gateway_only(self):
        msg = {"subject": "x", "body": "x", "email_from": "a1@example.com"}
        with self.assertRaises(AccessError):
            self.env["coop.union.appeal"].with_user(self.user_fed).message_new(msg)
