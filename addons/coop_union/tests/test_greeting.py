"""Birthday greetings from the member's organisation: by its chosen channel, once a year,
opt-outs respected, SMS through the gateway (the fake SMS.ru server)."""

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FakeSmsGatewayMixin, UnionCase


@tagged("post_install", "-at_install")
class TestBirthdayGreetings(FakeSmsGatewayMixin, UnionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Greeting = cls.env["coop.union.greeting"]
        cls.today = fields.Date.context_today(cls.Greeting)
        cls.region_a.birthday_greeting = "sms"  # primary A1 follows its region
        cls.primary_a2.birthday_greeting = "email"
        cls.region_b.birthday_greeting = "sms"
        for member, years in ((cls.member_a1, 40), (cls.member_a2, 35), (cls.member_b1, 50)):
            member.birthdate = cls.today - relativedelta(years=years)

    def _greeted(self):
        members = self.member_a1 | self.member_a2 | self.member_b1
        return self.Greeting.search([("member_id", "in", members.ids)])

    def test_greeting_by_the_organisations_channel_once_a_year(self):
        self.assertEqual(self.primary_a1._coop_birthday_greeting(), "sms")
        self.assertEqual(self.federation._coop_birthday_greeting(), "none")
        self.member_b1.consent_greeting = False
        self.Greeting._cron_birthday_greetings()
        greetings = self._greeted()
        self.assertEqual(
            {(g.member_id, g.channel, g.organization_id) for g in greetings},
            {(self.member_a1, "sms", self.primary_a1), (self.member_a2, "email", self.primary_a2)},
        )
        sms = greetings.filtered(lambda g: g.channel == "sms").sms_id
        self.assertIn("Member A1", sms.body)
        self.assertIn("Primary A1", sms.body)
        mail = greetings.filtered(lambda g: g.channel == "email").mail_id
        self.assertEqual(mail.email_to, "a2@example.com")
        self.assertIn("Member A2", mail.body_html)
        self.assertIn("Primary A2", mail.body_html)
        # the job run twice (or by a second worker) greets nobody again
        self.assertFalse(self.Greeting._cron_birthday_greetings() & greetings)
        self.assertEqual(self._greeted(), greetings)
        self.env["sms.sms"]._process_queue()
        self.env["sms.sms"]._process_queue()
        self.assertEqual([n for n, _t, _i in self.fake.received], [self.member_a1.sms_number.lstrip("+")])
        self.assertIn("Member A1", self.fake.received[0][1])
        # next year, again once
        with freeze_time(self.today + relativedelta(years=1)):
            self.Greeting._cron_birthday_greetings()
            self.Greeting._cron_birthday_greetings()
        self.assertEqual(len(self._greeted().filtered(lambda g: g.member_id == self.member_a1)), 2)

    def test_opt_outs_respected(self):
        self.env["phone.blacklist"].sudo().add(self.member_a1.sms_number)
        self.env["mail.blacklist"].sudo()._add("a2@example.com")
        self.member_b1.consent_sms = False
        self.Greeting._cron_birthday_greetings()
        self.assertFalse(self._greeted())
        self.env["sms.sms"]._process_queue()
        self.assertFalse(self.fake.received)

    def test_no_greeting_when_the_organisation_chose_none(self):
        self.region_a.birthday_greeting = "none"
        self.region_b.birthday_greeting = False
        self.primary_a2.birthday_greeting = False
        self.Greeting._cron_birthday_greetings()
        self.assertFalse(self._greeted())

    def test_greetings_seen_by_their_subtree(self):
        self.Greeting._cron_birthday_greetings()
        greeting = self._greeted().filtered(lambda g: g.member_id == self.member_a1)
        self.assertTrue(greeting)
        self.assertEqual(self.Greeting.with_user(self.user_prim_a1).search([("id", "=", greeting.id)]), greeting)
        self.assertEqual(self.Greeting.with_user(self.user_fed).search([("id", "=", greeting.id)]), greeting)
        self.assertFalse(self.Greeting.with_user(self.user_prim_b1).search([("id", "=", greeting.id)]))
        with self.assertRaises(AccessError):
            greeting.with_user(self.user_prim_b1).read(["body"])
        # a record of what was sent: staff do not write it
        with self.assertRaises(AccessError):
            greeting.with_user(self.user_prim_a1).write({"year": 2000})
