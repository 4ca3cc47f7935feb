"""E-mail and SMS marketing run by union staff: each organisation's staff see and send only the
mailings, lists, contacts, traces and statistics of their subtree; a mailing reaches only what
its responsible and its sender may read. Lists of people who are not members (press, discount
card partners) with double opt-in."""

import re

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from .common import FakeSmsGatewayMixin, UnionCase, UnionMembersMixin, UnionStaffMixin


class MailingStaffMixin:
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_model = cls.env["ir.model"]._get("coop.union.member")
        cls.list_model = cls.env["ir.model"]._get("mailing.list")

    def _mailing(self, user, mailing_type="sms", **values):
        vals = {
            "subject": "Новости профкома",
            "mailing_type": mailing_type,
            "mailing_model_id": self.member_model.id,
            "mailing_domain": "[('membership_number', 'like', 'T-')]",
        }
        if mailing_type == "sms":
            vals.update(body_plaintext="Собрание профкома в пятницу", sms_allow_unsubscribe=False)
        else:
            vals.update(body_html="<p>Собрание профкома в пятницу</p>")
        vals.update(values)
        if vals["mailing_model_id"] == self.list_model.id:
            del vals["mailing_domain"]  # the lists' contacts
        return self.env["mailing.mailing"].with_user(user).create(vals)

    def _list(self, user, name, emails, **values):
        return (
            self.env["mailing.list"]
            .with_user(user)
            .create(
                {
                    "name": name,
                    "contact_ids": [Command.create({"name": email.split("@")[0], "email": email}) for email in emails],
                    **values,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestStaffMailings(MailingStaffMixin, FakeSmsGatewayMixin, UnionCase):
    def test_staff_groups_get_marketing(self):
        for user in (self.user_prim_a1, self.user_reg_a, self.user_fed):
            self.assertTrue(user.has_group("mass_mailing.group_mass_mailing_user"), user.login)
        self.assertFalse(self.user_plain.has_group("mass_mailing.group_mass_mailing_user"))

    def test_clerk_sends_sms_to_his_members_only(self):
        mailing = self._mailing(self.user_prim_a1)
        self.assertEqual(mailing.coop_union_organization_id, self.primary_a1)
        mailing.with_user(self.user_prim_a1).action_send_sms()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), {self.member_a1.id})
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(sms.mapped("number"), [self.member_a1.sms_number])
        self.env["sms.sms"]._process_queue()
        self.assertEqual([n for n, _t, _i in self.fake.received], [self.member_a1.sms_number.lstrip("+")])
        # the clerk sees his traces; another organisation's clerk does not
        Trace = self.env["mailing.trace"]
        self.assertEqual(Trace.with_user(self.user_prim_a1).search([("mass_mailing_id", "=", mailing.id)]), traces)
        self.assertFalse(Trace.with_user(self.user_prim_b1).search([("mass_mailing_id", "=", mailing.id)]))

    def test_clerk_sends_email_to_his_members_only(self):
        mailing = self._mailing(self.user_prim_a1, "mail")
        mailing.with_user(self.user_prim_a1).action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), {self.member_a1.id})
        self.assertEqual(traces.mapped("email"), ["a1@example.com"])

    def test_mailings_of_another_subtree_are_invisible(self):
        mailing = self._mailing(self.user_prim_a1)
        Mailing = self.env["mailing.mailing"]
        # another organisation's clerk: neither found nor read, nor sent
        self.assertFalse(Mailing.with_user(self.user_prim_b1).search([("id", "=", mailing.id)]))
        with self.assertRaises(AccessError):
            mailing.with_user(self.user_prim_b1).read(["subject"])
        with self.assertRaises(AccessError):
            mailing.with_user(self.user_prim_b1).action_send_sms()
        self.assertFalse(self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)]))
        # the region above and the federation see it
        self.assertTrue(Mailing.with_user(self.user_reg_a).search([("id", "=", mailing.id)]))
        self.assertTrue(Mailing.with_user(self.user_fed).search([("id", "=", mailing.id)]))
        # a clerk cannot put his mailing in another organisation
        with self.assertRaises(AccessError):
            self._mailing(self.user_prim_a1, coop_union_organization_id=self.primary_b1.id)
        with self.assertRaises(AccessError):
            mailing.with_user(self.user_prim_a1).write({"coop_union_organization_id": self.primary_b1.id})
        self.assertEqual(mailing.coop_union_organization_id, self.primary_a1)
        # the statistics follow the mailings
        mailing.with_user(self.user_prim_a1).action_send_sms()
        Report = self.env["mailing.trace.report"]
        self.assertTrue(Report.with_user(self.user_prim_a1).search([("mass_mailing_id", "=", mailing.id)]))
        self.assertFalse(Report.with_user(self.user_prim_b1).search([("mass_mailing_id", "=", mailing.id)]))
        self.assertTrue(Report.with_user(self.user_fed).search([("mass_mailing_id", "=", mailing.id)]))

    def test_lists_and_contacts_of_another_subtree_are_invisible(self):
        press = self._list(self.user_prim_a1, "СМИ", ["editor@gazeta.example", "tv@channel.example"])
        self.assertEqual(press.coop_union_organization_id, self.primary_a1)
        List, Contact, Sub = self.env["mailing.list"], self.env["mailing.contact"], self.env["mailing.subscription"]
        for model, records in ((List, press), (Contact, press.contact_ids), (Sub, press.subscription_ids)):
            self.assertEqual(model.with_user(self.user_prim_a1).search([("id", "in", records.ids)]), records)
            self.assertFalse(model.with_user(self.user_prim_b1).search([("id", "in", records.ids)]), model._name)
            self.assertEqual(model.with_user(self.user_reg_a).search([("id", "in", records.ids)]), records)
            self.assertEqual(model.with_user(self.user_fed).search([("id", "in", records.ids)]), records)
        with self.assertRaises(AccessError):
            press.contact_ids[0].with_user(self.user_prim_b1).read(["email"])
        with self.assertRaises(AccessError):
            self._list(self.user_prim_a1, "Чужой", [], coop_union_organization_id=self.primary_b1.id)
        # another subtree's list cannot be named on one's mailing ...
        with self.assertRaises(AccessError):
            self._mailing(
                self.user_prim_b1, "mail", mailing_model_id=self.list_model.id, contact_list_ids=[Command.set(press.ids)]
            )
        # ... and a mailing given it anyway reaches only what its responsible may read
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Пресс-релиз",
                "mailing_type": "mail",
                "body_html": "<p>Пресс-релиз</p>",
                "mailing_model_id": self.list_model.id,
                "contact_list_ids": [Command.set(press.ids)],
                "user_id": self.user_prim_b1.id,
            }
        )
        self.assertFalse(mailing._get_recipients())
        mailing.user_id = self.user_prim_a1
        self.assertEqual(set(mailing._get_recipients()), set(press.contact_ids.ids))

    def test_blacklist_entries_of_others_are_invisible(self):
        entry = self.env["mail.blacklist"].with_user(self.user_fed)._add("b1@example.com")
        Blacklist = self.env["mail.blacklist"]
        self.assertFalse(Blacklist.with_user(self.user_prim_a1).search([("id", "=", entry.id)]))
        self.assertTrue(Blacklist.with_user(self.user_fed).search([("id", "=", entry.id)]))
        own = Blacklist.with_user(self.user_prim_a1)._add("a1@example.com")
        self.assertEqual(Blacklist.with_user(self.user_prim_a1).search([("id", "in", (entry | own).ids)]), own)
        # the blacklist still applies to everyone's mailings
        mailing = self._mailing(self.user_fed, "mail")
        mailing.with_user(self.user_fed).action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(traces.filtered(lambda t: t.res_id == self.member_b1.id).trace_status, "cancel")
        self.assertEqual(traces.filtered(lambda t: t.res_id == self.member_a2.id).trace_status, "sent")


@tagged("post_install", "-at_install")
class TestListsOfNonMembers(MailingStaffMixin, UnionCase):
    def test_press_list_receives_mailing_without_members(self):
        press = self._list(self.user_prim_a1, "СМИ", ["editor@gazeta.example", "tv@channel.example"])
        mailing = self._mailing(
            self.user_prim_a1,
            "mail",
            mailing_model_id=self.list_model.id,
            contact_list_ids=[Command.set(press.ids)],
        )
        mailing.with_user(self.user_prim_a1).action_send_mail()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(set(traces.mapped("res_id")), set(press.contact_ids.ids))
        self.assertEqual(traces.mapped("model"), ["mailing.contact"] * 2)
        self.assertEqual(sorted(traces.mapped("email")), ["editor@gazeta.example", "tv@channel.example"])
        self.assertFalse(
            self.env["coop.union.member"].search([("email", "in", ["editor@gazeta.example", "tv@channel.example"])])
        )
        # the traces of a union mailing to a list: its staff only
        Trace = self.env["mailing.trace"]
        self.assertEqual(Trace.with_user(self.user_prim_a1).search([("mass_mailing_id", "=", mailing.id)]), traces)
        self.assertFalse(Trace.with_user(self.user_prim_b1).search([("mass_mailing_id", "=", mailing.id)]))

    def test_list_form(self):
        """The list form, as the staff fill it in: the organisation defaults to theirs."""
        form = Form(self.env["mailing.list"].with_user(self.user_prim_a1))
        form.name = "Партнёры ПрофДИСКОНТ"
        form.coop_double_optin = True
        form.is_public = True
        mailing_list = form.save()
        self.assertEqual(mailing_list.coop_union_organization_id, self.primary_a1)
        self.assertTrue(mailing_list.coop_double_optin)

    def _confirmation_mail(self, contact):
        return self.env["mail.mail"].sudo().search(
            [("email_to", "=", contact.email), ("subject", "like", "%")], order="id desc", limit=1
        )

    def test_double_optin(self):
        partners = self._list(self.user_prim_a1, "Партнёры ПрофДИСКОНТ", [], coop_double_optin=True)
        contact = (
            self.env["mailing.contact"]
            .with_user(self.user_prim_a1)
            .create({"name": "Магазин Обувь", "email": "shop@obuv.example", "list_ids": [Command.link(partners.id)]})
        )
        sub = contact.subscription_ids
        self.assertEqual(sub.coop_state, "pending")
        mail = self._confirmation_mail(contact)
        self.assertTrue(mail)
        self.assertIn(f"/coop/mailing/confirm/{sub.id}/{sub._coop_token()}", mail.body_html)
        # unconfirmed: the list's mailing reaches nobody
        mailing = self._mailing(
            self.user_prim_a1,
            "mail",
            mailing_model_id=self.list_model.id,
            contact_list_ids=[Command.set(partners.ids)],
        )
        self.assertFalse(mailing._get_recipients())
        # the staff cannot confirm in the person's place
        sub.with_user(self.user_prim_a1).write({"coop_confirmed_date": "2026-01-01 00:00:00"})
        self.assertFalse(sub.coop_confirmed_date)
        # a forged link is refused
        self.assertEqual(sub._coop_confirm("0" * 64), "invalid")
        self.assertEqual(sub._coop_confirm(""), "invalid")
        self.assertEqual(sub.coop_state, "pending")
        # the link works once
        token = sub._coop_token()
        self.assertEqual(sub._coop_confirm(token), "confirmed")
        self.assertEqual(sub.coop_state, "confirmed")
        self.assertEqual(mailing._get_recipients(), contact.ids)
        self.assertEqual(sub._coop_confirm(token), "done")
        # another address confirms for itself
        contact.with_user(self.user_prim_a1).email = "other@obuv.example"
        self.assertEqual(sub.coop_state, "pending")
        self.assertFalse(mailing._get_recipients())
        self.assertEqual(sub._coop_confirm(token), "invalid")
        self.assertEqual(sub._coop_confirm(sub._coop_token()), "confirmed")
        contact.with_user(self.user_prim_a1).email = "shop@obuv.example"
        self.assertEqual(sub._coop_confirm(token), "confirmed")
        # a list dropping double opt-in does not release those asked to confirm
        pending = (
            self.env["mailing.contact"]
            .with_user(self.user_prim_a1)
            .create({"name": "Кафе", "email": "cafe@example.com", "list_ids": [Command.link(partners.id)]})
        )
        partners.with_user(self.user_prim_a1).coop_double_optin = False
        self.assertEqual(mailing._get_recipients(), contact.ids)
        self.assertEqual(pending.subscription_ids.coop_state, "pending")
        partners.with_user(self.user_prim_a1).coop_double_optin = True
        # unsubscribed (Odoo's own unsubscribe): nothing more, and the old link does not bring it back
        partners._update_subscription_from_email("shop@obuv.example", opt_out=True)
        self.assertEqual(sub.coop_state, "opt_out")
        self.assertFalse(mailing._get_recipients())
        self.assertEqual(sub._coop_confirm(token), "done")
        self.assertFalse(mailing._get_recipients())
        # staff subscribing him again: he must confirm again
        sub.with_user(self.user_prim_a1).write({"opt_out": False})
        self.assertEqual(sub.coop_state, "pending")
        self.assertFalse(mailing._get_recipients())
        self.assertEqual(sub._coop_confirm(sub._coop_token()), "confirmed")
        self.assertEqual(mailing._get_recipients(), contact.ids)


@tagged("post_install", "-at_install")
class TestDoubleOptinPages(MailingStaffMixin, UnionStaffMixin, UnionMembersMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls._list(
            cls, cls.user_prim_a1, "Партнёры ПрофДИСКОНТ", [], coop_double_optin=True, is_public=True
        )

    def _csrf(self, html):
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
        self.assertTrue(match, "the page has a form with a CSRF token")
        return match.group(1)

    def test_subscribe_and_confirm_pages(self):
        url = f"/coop/mailing/subscribe/{self.partners.id}"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        csrf = self._csrf(page.text)
        # bad input: a clear error, nothing created
        bad = self.url_open(url, data={"csrf_token": csrf, "name": "Кафе", "email": "not an address"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("alert-danger", bad.text)
        self.assertFalse(self.env["mailing.contact"].search([("name", "=", "Кафе")]))
        # without the CSRF token: refused
        refused = self.url_open(url, data={"name": "Кафе", "email": "cafe@example.com"})
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(self.env["mailing.contact"].search([("email", "=", "cafe@example.com")]))
        # a robot filling the hidden field: nothing recorded
        self.url_open(url, data={"csrf_token": csrf, "name": "Bot", "email": "bot@example.com", "website": "x"})
        self.assertFalse(self.env["mailing.contact"].search([("email", "=", "bot@example.com")]))
        done = self.url_open(url, data={"csrf_token": csrf, "name": "Кафе", "email": "cafe@example.com"})
        self.assertEqual(done.status_code, 200)
        contact = self.env["mailing.contact"].search([("email", "=", "cafe@example.com")])
        sub = contact.subscription_ids
        self.assertEqual(sub.list_id, self.partners)
        self.assertEqual(sub.coop_state, "pending")
        self.assertTrue(sub.coop_confirmation_sent)
        # a forged link
        forged = self.url_open(f"/coop/mailing/confirm/{sub.id}/{'0' * 64}")
        self.assertEqual(forged.status_code, 403)
        forged = self.url_open(f"/coop/mailing/confirm/{sub.id}/{'0' * 64}", data={"csrf_token": csrf})
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(sub.coop_state, "pending")
        # the GET page changes nothing (mail scanners open links); its button confirms
        link = f"/coop/mailing/confirm/{sub.id}/{sub._coop_token()}"
        page = self.url_open(link)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(sub.coop_state, "pending")
        confirmed = self.url_open(link, data={"csrf_token": self._csrf(page.text)})
        self.assertIn("alert-success", confirmed.text)
        sub.invalidate_recordset()
        self.assertEqual(sub.coop_state, "confirmed")
        when = sub.coop_confirmed_date
        again = self.url_open(link, data={"csrf_token": csrf})
        self.assertNotIn("alert-success", again.text)
        sub.invalidate_recordset()
        self.assertEqual(sub.coop_confirmed_date, when)

    def test_private_list_has_no_page(self):
        self.partners.is_public = False
        self.assertEqual(self.url_open(f"/coop/mailing/subscribe/{self.partners.id}").status_code, 404)
