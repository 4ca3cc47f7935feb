import time

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.misc import hmac

from ..controllers.appeal_form import FORM_SCOPE
from .common import UnionMembersMixin, UnionStaffMixin


@tagged("post_install", "-at_install")
class TestAppealWeb(UnionMembersMixin, UnionStaffMixin, HttpCase):
    """The public form (no login) and the members' portal each create one appeal, and nothing on bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("coop_union.appeal_form_rate_limit", "100")
        cls.env["ir.config_parameter"].set_param("coop_union.appeal_attachment_max_mb", "1")
        cls.portal_a1 = new_test_user(
            cls.env,
            login="t_union_portal_a1",
            groups="base.group_portal",
            partner_id=cls.member_a1.partner_id.id,
        )
        cls.portal_b1 = new_test_user(
            cls.env,
            login="t_union_portal_b1",
            groups="base.group_portal",
            partner_id=cls.member_b1.partner_id.id,
        )

    def _token(self, age=60):
        stamp = str(int(time.time()) - age)
        return f"{stamp}.{hmac(self.env(su=True), FORM_SCOPE, stamp)}"

    def _post_public(self, files=None, **overrides):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "form_token": self._token(),
            "organization_id": str(self.primary_b1.id),
            "name": "Anna Fedorova",
            "contact": "anna@example.org",
            "subject": "Joining the union",
            "text": "How do I join the union at my school?",
            "consent": "1",
        }
        data.update(overrides)
        data = {key: value for key, value in data.items() if value is not None}
        return self.url_open("/union/appeal", data=data, files=files)

    def _count(self):
        return self.env["coop.union.appeal"].search_count([])

    def test_public_form_creates_one_appeal(self):
        self.authenticate(None, None)
        page = self.url_open("/union/appeal")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Primary B1", page.text)
        self.assertIn('name="homepage"', page.text)
        self.assertIn('name="form_token"', page.text)
        self._assert_applicant_fields(page.text)
        before = self.env["coop.union.appeal"].search([])
        response = self._post_public(files={"attachment": ("letter.txt", b"my letter")})
        self.assertEqual(response.status_code, 200, response.text[:500])
        appeal = self.env["coop.union.appeal"].search([]) - before
        self.assertEqual(len(appeal), 1)
        self.assertIn(appeal.name, response.text)
        self.assertEqual(appeal.channel, "web")
        self.assertEqual(appeal.organization_id, self.primary_b1)
        self.assertEqual(appeal.applicant_contact, "anna@example.org")
        self.assertTrue(appeal.consent_date)
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", appeal._name), ("res_id", "=", appeal.id)])
            .name,
            "letter.txt",
        )
        self.assertTrue(appeal.with_user(self.user_prim_b1).has_access("read"))
        self.assertFalse(appeal.with_user(self.user_prim_a1).has_access("read"))

    def test_public_form_bad_input_creates_nothing(self):
        self.authenticate(None, None)
        archived = self.env["coop.union.organization"].create(
            {"name": "Closed", "level": "primary", "parent_id": self.region_a.id, "active": False}
        )
        page = self.url_open("/union/appeal").text
        self.assertNotIn("Closed", page, "archived organisations are not offered")
        cases = {
            "no consent": ({"consent": None}, None, "consent"),
            "empty text": ({"text": "  "}, None, "text of the appeal"),
            "unknown organisation": ({"organization_id": "999999"}, None, "organisation"),
            "archived organisation": ({"organization_id": str(archived.id)}, None, "organisation"),
            "oversized attachment": (
                {},
                {"attachment": ("big.pdf", b"x" * (1024 * 1024 + 10))},
                "larger than 1 MB",
            ),
            "honeypot": ({"homepage": "http://spam.example"}, None, "could not be accepted"),
            "forged time stamp": (
                {"form_token": f"{int(time.time()) - 60}.forged"},
                None,
                "could not be accepted",
            ),
            "sent too fast": ({"form_token": self._token(age=0)}, None, "too fast"),
        }
        before = self._count()
        for label, (overrides, files, message) in cases.items():
            with self.subTest(label):
                response = self._post_public(files=files, **overrides)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn(
                    "How do I join the union" if label != "empty text" else "Anna Fedorova", response.text
                )
        self.assertEqual(self._count(), before)

    def test_public_form_rate_limit(self):
        self.env["ir.config_parameter"].set_param("coop_union.appeal_form_rate_limit", "1")
        self.authenticate(None, None)
        before = self._count()
        self.assertEqual(self._post_public().status_code, 200)
        refused = self._post_public()
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Too many appeals", refused.text)
        self.assertEqual(self._count(), before + 1)

    def test_public_form_errors_in_russian(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"].search([("name", "=", "coop_union")])._update_translations(["ru_RU"])
        self.authenticate(None, None)
        self.opener.cookies.set("frontend_lang", "ru_RU")
        response = self._post_public(consent=None)
        self.assertEqual(response.status_code, 400)
        self.assertIn("согласие на обработку персональных данных", response.text)

    def _assert_applicant_fields(self, html):
        """Every field the applicant fills in is on the page (an empty value must not drop it)."""
        self.assertRegex(html, r'<input[^>]*name="subject"')
        self.assertRegex(html, r'<textarea[^>]*name="text"[^>]*>\s*</textarea>')
        self.assertRegex(html, r'<input[^>]*type="file"[^>]*name="attachment"')
        self.assertRegex(html, r'<input[^>]*name="consent"')

    def test_portal_member_files_and_follows_his_appeal(self):
        self.authenticate(self.portal_a1.login, self.portal_a1.login)
        self.assertIn("/my/appeals/new", self.url_open("/my/appeals").text)
        self._assert_applicant_fields(self.url_open("/my/appeals/new").text)
        before = self.env["coop.union.appeal"].search([])
        response = self.url_open(
            "/my/appeals/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Overtime",
                "text": "24 hours of overtime are missing.",
                "consent": "1",
            },
        )
        appeal = self.env["coop.union.appeal"].search([]) - before
        self.assertEqual(len(appeal), 1)
        self.assertTrue(response.url.endswith(f"/my/appeals/{appeal.id}"), response.url)
        self.assertEqual(appeal.channel, "portal")
        self.assertEqual(appeal.organization_id, self.primary_a1)
        self.assertEqual(appeal.member_id, self.member_a1)
        self.assertIn(self.member_a1.partner_id, appeal.message_partner_ids)
        self.assertIn("24 hours of overtime", response.text)
        self.assertIn(appeal.name, self.url_open("/my/appeals").text)
        # no consent: refused, nothing created
        refused = self.url_open(
            "/my/appeals/new",
            data={"csrf_token": http.Request.csrf_token(self), "subject": "x", "text": "y"},
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(len(self.env["coop.union.appeal"].search([]) - before), 1)
        # the answer shows on his page
        appeal.write({"state": "answered", "answer": "It will be paid in July."})
        self.assertIn("It will be paid in July.", self.url_open(f"/my/appeals/{appeal.id}").text)

        # another member's portal sees none of it
        Appeal = self.env["coop.union.appeal"].with_user(self.portal_b1)
        self.assertFalse(Appeal.search([("id", "=", appeal.id)]))
        self.assertFalse(appeal.with_user(self.portal_b1).has_access("read"))
        self.assertTrue(appeal.with_user(self.portal_a1).has_access("read"))
        self.authenticate(self.portal_b1.login, self.portal_b1.login)
        other = self.url_open(f"/my/appeals/{appeal.id}")
        self.assertNotIn("24 hours of overtime", other.text)
        self.assertNotIn(appeal.name, self.url_open("/my/appeals").text)
