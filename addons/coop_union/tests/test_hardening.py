"""Each test names the access hole it closes and tries it as the restricted user, then shows
that the entitled user still can."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestUnionHardening(UnionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Member = cls.env["coop.union.member"]
        cls.member_model = cls.env["ir.model"]._get("coop.union.member")
        marketing = cls.env.ref("mass_mailing.group_mass_mailing_user")
        (cls.user_fed | cls.user_prim_a1 | cls.user_reg_a).groups_id = [Command.link(marketing.id)]
        cls.contact = cls.env["res.partner"].create({"name": "Free Person", "email": "free@example.com"})

    def _members(self, user):
        return self.Member.with_user(user).search([("membership_number", "like", "T-")])

    # ------------------------------------------------------------------ U1
    def test_U1_clerk_cannot_copy_other_subtree_contact(self):
        Member = self.Member.with_user(self.user_prim_a1)
        with self.assertRaises(AccessError):
            Member.create(
                {
                    "partner_id": self.member_b1.partner_id.id,
                    "membership_number": "T-0501",
                    "organization_id": self.primary_a1.id,
                }
            )
        self.assertFalse(self.Member.search([("membership_number", "=", "T-0501")]))
        with self.assertRaises(AccessError):
            self.member_a1.with_user(self.user_prim_a1).write({"partner_id": self.member_b1.partner_id.id})
        self.assertEqual(self.member_a1.partner_id.name, "Member A1")
        self.assertEqual(self.member_a1.email, "a1@example.com")
        # a user's own contact is not a member's contact
        with self.assertRaises(AccessError):
            Member.create(
                {
                    "partner_id": self.user_plain.partner_id.id,
                    "membership_number": "T-0502",
                    "organization_id": self.primary_a1.id,
                }
            )
        # positive: a contact the user may read; the regional staff link a contact of their subtree
        member = Member.create(
            {
                "partner_id": self.contact.id,
                "membership_number": "T-0503",
                "organization_id": self.primary_a1.id,
            }
        )
        self.assertEqual(member.email, "free@example.com")
        self.assertEqual(self.contact.coop_union_organization_id, self.primary_a1)
        twin = self.Member.with_user(self.user_reg_a).create(
            {
                "partner_id": self.member_a1.partner_id.id,
                "membership_number": "T-0504",
                "organization_id": self.primary_a2.id,
            }
        )
        self.assertEqual(twin.name, "Member A1")

    def test_U1_clerk_cannot_move_records_to_other_subtree(self):
        with self.assertRaises(AccessError):
            self.member_a1.with_user(self.user_prim_a1).write({"organization_id": self.primary_b1.id})
        self.assertEqual(self.member_a1.organization_id, self.primary_a1)
        self.assertEqual(self.member_a1.partner_id.coop_union_organization_id, self.primary_a1)
        appeal = (
            self.env["coop.union.appeal"]
            .with_user(self.user_prim_a1)
            .create({"subject": "Own", "applicant_name": "X", "organization_id": self.primary_a1.id})
        )
        with self.assertRaises(AccessError):
            appeal.write({"organization_id": self.region_b.id})
        # positive: the regional staff move a member within their subtree, the contact follows
        self.member_a1.with_user(self.user_reg_a).write({"organization_id": self.primary_a2.id})
        self.assertEqual(self.member_a1.partner_id.coop_union_organization_id, self.primary_a2)

    # ------------------------------------------------------------------ U2
    def test_U2_appeal_of_other_subtree_member_refused(self):
        Appeal = self.env["coop.union.appeal"].with_user(self.user_prim_a1)
        with self.assertRaises(AccessError):
            Appeal.create(
                {"subject": "Spy", "member_id": self.member_b1.id, "organization_id": self.primary_a1.id}
            )
        self.assertFalse(self.env["coop.union.appeal"].search([("subject", "=", "Spy")]))
        appeal = Appeal.create(
            {"subject": "Own", "member_id": self.member_a1.id, "organization_id": self.primary_a1.id}
        )
        self.assertEqual(appeal.applicant_contact, self.member_a1.mobile)
        with self.assertRaises(AccessError):
            appeal.write({"member_id": self.member_b1.id})
        self.assertEqual(appeal.applicant_name, "Member A1")
        # the incoming document comes from the registration only
        with self.assertRaises(AccessError):
            appeal.write({"document_id": 1})
        # awards copy the member too
        with self.assertRaises(AccessError):
            self.env["coop.union.award"].with_user(self.user_prim_a1).create(
                {"member_id": self.member_b1.id, "award_type_id": self.award_type.id, "justification": "x"}
            )
        award = (
            self.env["coop.union.award"]
            .with_user(self.user_prim_a1)
            .create(
                {"member_id": self.member_a1.id, "award_type_id": self.award_type.id, "justification": "x"}
            )
        )
        self.assertEqual(award.organization_id, self.primary_a1)
        # the federation reaches every member
        fed_appeal = (
            self.env["coop.union.appeal"]
            .with_user(self.user_fed)
            .create({"subject": "Fed", "member_id": self.member_b1.id, "organization_id": self.primary_b1.id})
        )
        self.assertEqual(fed_appeal.applicant_name, "Member B1")

    # ------------------------------------------------------------------ U3
    def test_U3_clerk_cannot_get_other_subtree_birthday(self):
        today = fields.Date.context_today(self.Member)
        self.member_b1.write(
            {"birthdate": today + timedelta(days=2) - relativedelta(years=48), "is_key_person": True}
        )
        own = self.primary_a1.with_user(self.user_prim_a1)
        # an outside member as chairman: refused as the user, and by the registry for anyone
        with self.assertRaises(AccessError):
            own.chairman_id = self.member_b1
        with self.assertRaises(ValidationError):
            self.primary_a1.with_user(self.user_fed).chairman_id = self.member_b1
        self.assertFalse(self.primary_a1.chairman_id)
        # the congratulators of another organisation: not his to write, and not his to be
        with self.assertRaises(AccessError):
            self.primary_b1.with_user(self.user_prim_a1).congratulator_ids = [
                Command.link(self.user_prim_a1.id)
            ]
        with self.assertRaises(ValidationError):
            self.primary_b1.with_user(self.user_fed).congratulator_ids = [Command.link(self.user_prim_a1.id)]
        # a congratulator left over from earlier staff gets neither the event nor the reminder
        self.env.cr.execute(
            "INSERT INTO coop_union_organization_congratulator_rel (organization_id, user_id) VALUES (%s, %s), (%s, %s)",
            [self.primary_b1.id, self.user_prim_a1.id, self.primary_b1.id, self.user_prim_b1.id],
        )
        self.primary_b1.invalidate_recordset(["congratulator_ids"])
        self.member_b1._coop_sync_birthday_events()
        self.Member._cron_birthday_reminders(days_before=3)
        event = self.env["calendar.event"].search([("coop_union_member_id", "=", self.member_b1.id)], limit=1)
        self.assertEqual(event.partner_ids, self.user_prim_b1.partner_id)
        self.assertFalse(
            self.env["calendar.event"]
            .with_user(self.user_prim_a1)
            .search([("coop_union_member_id", "!=", False)])
        )
        self.assertEqual(self.member_b1.activity_ids.user_id, self.user_prim_b1)
        self.assertIn("48", self.member_b1.activity_ids.summary)
        self.assertFalse(
            self.env["mail.activity"].search(
                [("user_id", "=", self.user_prim_a1.id), ("res_model", "=", "coop.union.member")]
            )
        )
        # positive: the clerk names his own member chairman and congratulates his own organisation
        own.write(
            {"chairman_id": self.member_a1.id, "congratulator_ids": [Command.link(self.user_prim_a1.id)]}
        )
        self.assertEqual(self.primary_a1.chairman_id, self.member_a1)
        self.region_a.with_user(self.user_fed).congratulator_ids = [Command.link(self.user_reg_a.id)]

    # ------------------------------------------------------------------ U4
    def test_U4_organization_address_checked_as_user(self):
        own = self.primary_a1.with_user(self.user_prim_a1)
        with self.assertRaises(AccessError):
            own.partner_id = self.member_b1.partner_id
        with self.assertRaises(AccessError):
            own.partner_id = self.member_a1.partner_id  # its e-mail would be shown to every reader
        self.assertFalse(self.primary_a1.partner_id)
        address = self.env["res.partner"].create({"name": "PPO office", "email": "office@example.com"})
        own.partner_id = address
        self.assertEqual(self.primary_a1.with_user(self.user_prim_b1).email, "office@example.com")

    # ------------------------------------------------------------------ U7
    def test_U7_applicant_contact_scoped_to_appeal_organization(self):
        appeal = self.env["coop.union.appeal"].create(
            {
                "subject": "How to join",
                "applicant_name": "Outside Applicant",
                "applicant_contact": "+7 912 000 99 88",
                "channel": "web",
                "organization_id": self.primary_b1.id,
            }
        )
        appeal.with_user(self.user_prim_b1).action_register_document()
        sender = appeal.document_id.sender_id
        self.assertEqual(sender.phone, "+7 912 000 99 88")
        self.assertFalse(sender.comment)
        self.assertEqual(sender.coop_union_organization_id, self.primary_b1)
        Partner = self.env["res.partner"]
        for user in (self.user_plain, self.user_prim_a1, self.user_reg_a):
            self.assertFalse(Partner.with_user(user).search([("name", "=", "Outside Applicant")]), user.login)
            with self.assertRaises(AccessError):
                sender.with_user(user).read(["phone"])
        self.assertEqual(sender.with_user(self.user_prim_b1).phone, "+7 912 000 99 88")
        self.assertEqual(sender.with_user(self.user_fed).phone, "+7 912 000 99 88")
        # nobody opens such a contact to everyone by hand
        self.user_fed.groups_id = [Command.link(self.env.ref("base.group_partner_manager").id)]
        with self.assertRaises(AccessError):
            self.member_a1.partner_id.with_user(self.user_fed).write({"coop_union_organization_id": False})
        self.assertEqual(self.member_a1.partner_id.coop_union_organization_id, self.primary_a1)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_prim_b1).create(
                {"name": "Forged", "coop_union_applicant_organization_id": self.primary_b1.id}
            )
        self.assertEqual(self.env["coop.union.appeal"]._coop_contact_vals("a@b.ru"), {"email": "a@b.ru"})

    # ------------------------------------------------------------------ U8
    def _sms_mailing(self, user, domain, **extra):
        return (
            self.env["mailing.mailing"]
            .with_user(user)
            .create(
                dict(
                    {
                        "subject": "News",
                        "mailing_type": "sms",
                        "body_plaintext": "News",
                        "mailing_model_id": self.member_model.id,
                        "mailing_domain": domain,
                        "sms_allow_unsubscribe": False,
                    },
                    **extra,
                )
            )
        )

    def test_U8_mailing_scope_cannot_be_widened(self):
        domain = "[('membership_number', 'like', 'T-')]"
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            self._sms_mailing(self.user_prim_a1, domain, user_id=admin.id)
        mailing = self._sms_mailing(self.user_prim_a1, domain)
        self.assertEqual(mailing.user_id, self.user_prim_a1)
        with self.assertRaises(AccessError):
            mailing.write({"user_id": admin.id})
        self.assertEqual(set(mailing._get_recipients()), set((self.member_a1).ids))
        # the federation's own mailing is not the clerk's to read or edit
        fed_mailing = self._sms_mailing(self.user_fed, domain)
        self.assertEqual(
            set(fed_mailing._get_recipients()), set((self.member_a1 | self.member_a2 | self.member_b1).ids)
        )
        with self.assertRaises(AccessError):
            fed_mailing.with_user(self.user_prim_a1).write({"mailing_domain": "[]"})
        # a federation's mailing for the clerk's organisation, edited by the clerk, reaches only
        # what the clerk may read
        fed_mailing.with_user(self.user_fed).coop_union_organization_id = self.primary_a1
        with self.assertRaises(AccessError):
            fed_mailing.with_user(self.user_prim_a1).write({"user_id": self.user_prim_a1.id})
        fed_mailing.with_user(self.user_prim_a1).write({"mailing_domain": "[]"})
        self.assertEqual(fed_mailing.coop_scope_user_id, self.user_prim_a1)
        recipients = self.Member.browse(fed_mailing.sudo()._get_recipients())
        self.assertNotIn(self.member_b1, recipients)
        self.assertNotIn(self.member_a2, recipients)
        # naming the recipients by id does not get around the scope
        mailing.action_send_sms(res_ids=[self.member_b1.id, self.member_a1.id])
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), {self.member_a1.id})
        # the federation's mailing sent by the clerk reaches only what the clerk may read
        sent_by_clerk = self._sms_mailing(self.user_fed, domain, coop_union_organization_id=self.primary_a1.id)
        sent_by_clerk.with_user(self.user_prim_a1).action_send_sms()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", sent_by_clerk.id)])
        self.assertEqual(set(traces.mapped("res_id")), {self.member_a1.id})
        # e-mails named by id too
        email = (
            self.env["mailing.mailing"]
            .with_user(self.user_prim_a1)
            .create(
                {
                    "subject": "Mail",
                    "mailing_type": "mail",
                    "body_html": "<p>Hello</p>",
                    "mailing_model_id": self.member_model.id,
                    "mailing_domain": domain,
                }
            )
        )
        email.action_send_mail(res_ids=[self.member_b1.id, self.member_a1.id])
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", email.id)])
        self.assertEqual(set(traces.mapped("res_id")), {self.member_a1.id})
        # positive: the federation may give a mailing to another responsible
        fed_mailing.with_user(self.user_fed).write({"user_id": self.user_reg_a.id, "mailing_domain": domain})
        self.assertEqual(
            set(fed_mailing.sudo()._get_recipients()), set((self.member_a1 | self.member_a2).ids)
        )

    # ------------------------------------------------------------------ U9
    def test_U9_scope_follows_membership_without_cache(self):
        rule_domain = (
            self.env["ir.rule"].with_user(self.user_prim_a1)._compute_domain("coop.union.member", "read")
        )
        self.assertEqual(self._members(self.user_prim_a1), self.member_a1)
        # from the user's side
        self.user_prim_a1.coop_union_organization_ids = [Command.link(self.primary_b1.id)]
        self.assertEqual(self._members(self.user_prim_a1), self.member_a1 | self.member_b1)
        self.assertTrue(self.member_b1.partner_id.with_user(self.user_prim_a1).read(["email"]))
        self.user_prim_a1.coop_union_organization_ids = [Command.unlink(self.primary_b1.id)]
        self.assertEqual(self._members(self.user_prim_a1), self.member_a1)
        with self.assertRaises(AccessError):
            self.member_b1.partner_id.with_user(self.user_prim_a1).read(["email"])
        # archived organisation: its staff lose it, the staff above keep it
        self.primary_a1.active = False
        self.assertFalse(self._members(self.user_prim_a1))
        self.assertEqual(self._members(self.user_reg_a), self.member_a1 | self.member_a2)
        self.primary_a1.active = True
        self.assertEqual(self._members(self.user_prim_a1), self.member_a1)
        # moved organisation
        self.primary_a2.parent_id = self.region_b
        self.assertEqual(self._members(self.user_reg_a), self.member_a1)
        self.primary_a2.parent_id = self.region_a
        self.assertEqual(self._members(self.user_reg_a), self.member_a1 | self.member_a2)
        # deleted organisation: its staff links go with it
        extra = self.env["coop.union.organization"].create(
            {"name": "Short-lived", "level": "primary", "parent_id": self.region_b.id}
        )
        extra.staff_user_ids = [Command.link(self.user_reg_a.id)]
        self.assertTrue(extra.with_user(self.user_reg_a).sudo(False).has_access("write"))
        extra.unlink()
        self.assertEqual(self._members(self.user_reg_a), self.member_a1 | self.member_a2)
        # the rule's domain names the user only: nothing of the membership is cached with it
        self.assertEqual(
            self.env["ir.rule"].with_user(self.user_prim_a1)._compute_domain("coop.union.member", "read"),
            rule_domain,
        )
        self.assertNotIn(self.primary_a1.parent_path, str(rule_domain))

    # ------------------------------------------------------------------ public methods
    def test_public_methods_check_rights(self):
        appeal = self.env["coop.union.appeal"].create(
            {"subject": "Other", "applicant_name": "X", "organization_id": self.primary_b1.id}
        )
        for method in ("action_register_document", "action_start", "action_close", "action_open_document"):
            with self.assertRaises(AccessError, msg=method):
                getattr(appeal.with_user(self.user_prim_a1), method)()
        with self.assertRaises(AccessError):
            self.primary_b1.with_user(self.user_plain).action_view_members()
        gateway = self.env["coop.sms.gateway"].create({"name": "Any", "url": "http://127.0.0.1:9"})
        with self.assertRaises(AccessError):
            gateway.with_user(self.user_fed).action_test_connection()
        for name in ("coop_union_scope_domain", "coop_union_event_domain"):
            self.assertFalse(hasattr(self.env["res.users"], name), name)
        # the birthday events of the registry are not rewritten by hand
        self.member_a1.write({"birthdate": date(1980, 5, 5), "is_key_person": True})
        event = self.env["calendar.event"].search([("coop_union_member_id", "=", self.member_a1.id)], limit=1)
        with self.assertRaises(AccessError):
            event.with_user(self.user_reg_a).write({"coop_union_member_id": False})
        # an ordinary recurring event (Odoo copies the birthday keys empty into its occurrences)
        start = fields.Datetime.now().replace(microsecond=0)
        meeting = (
            self.env["calendar.event"]
            .with_user(self.user_plain)
            .create(
                {
                    "name": "Weekly meeting",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "recurrency": True,
                    "rrule_type": "daily",
                    "count": 3,
                }
            )
        )
        self.assertEqual(len(meeting.recurrence_id.calendar_event_ids), 3)

    # ------------------------------------------------------------------ clicks of member mailings
    def test_U8_link_clicks_of_member_mailings_follow_the_mailing(self):
        mailing = self._sms_mailing(self.user_fed, "[('membership_number', 'like', 'T-')]")
        trace = self.env["mailing.trace"].create(
            {
                "trace_type": "sms",
                "mass_mailing_id": mailing.id,
                "model": "coop.union.member",
                "res_id": self.member_b1.id,
            }
        )
        link = self.env["link.tracker"].create({"url": "https://example.com/news"})
        click = self.env["link.tracker.click"].create(
            {"link_id": link.id, "mailing_trace_id": trace.id, "mass_mailing_id": mailing.id, "ip": "10.1.2.3"}
        )
        Click = self.env["link.tracker.click"]
        self.assertFalse(Click.with_user(self.user_prim_a1).search([("id", "=", click.id)]))
        self.assertFalse(Click.with_user(self.user_plain).search([("ip", "=", "10.1.2.3")]))
        with self.assertRaises(AccessError):
            click.with_user(self.user_prim_a1).read(["ip"])
        self.assertEqual(Click.with_user(self.user_fed).search([("id", "=", click.id)]), click)
