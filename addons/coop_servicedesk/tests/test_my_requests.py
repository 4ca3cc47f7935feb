from odoo import Command
from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestMyRequests(ServicedeskCase):
    """Every member files back-office requests from the back office and reads his own and
    the followed ones only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member2 = new_test_user(
            cls.env, login="sd_member2", groups="base.group_user", name="Мария Членова"
        )
        cls.view = cls.env.ref("coop_servicedesk.helpdesk_ticket_view_form_my_request")

    def _file(self, user, **values):
        form = Form(self.Ticket.with_user(user), view=self.view)
        form.coop_template_id = self.tmpl_contract
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_member_files_from_a_template_and_follows_it(self):
        ticket = self._file(self.staff)
        self.assertEqual(ticket.partner_id, self.staff.partner_id)
        self.assertEqual(ticket.team_id, self.team_legal)
        self.assertEqual(ticket.name, "Проверка договора")
        self.assertNotEqual(ticket.user_id, self.staff, "the team assigns it, not the member")
        self.assertEqual(ticket.channel_id, self.env.ref("coop_servicedesk.channel_internal"))
        action = self.env.ref("coop_servicedesk.helpdesk_ticket_action_my_requests")
        domain = [("partner_id.user_ids", "in", [self.staff.id])]
        self.assertIn(ticket, self.Ticket.with_user(self.staff).search(domain))
        self.assertTrue(action.domain)
        # he talks to the team in the chatter
        ticket.with_user(self.staff).message_post(
            body="Срок подписания — пятница.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertIn("пятница", " ".join(ticket.message_ids.mapped("body")))
        # but he does not route it
        with self.assertRaises(AccessError):
            ticket.with_user(self.staff).write({"stage_id": self.st_done.id})

    def test_member_reads_only_his_own_and_followed_requests(self):
        mine = self._file(self.staff)
        hers = self._file(self.member2)
        Ticket = self.Ticket.with_user(self.staff)
        self.assertEqual(Ticket.search([("id", "in", (mine | hers).ids)]), mine)
        with self.assertRaises(AccessError):
            hers.with_user(self.staff).read(["name", "description"])
        # subscribed by a colleague, he reads it
        hers.with_user(self.agent).message_subscribe(partner_ids=self.staff.partner_id.ids)
        self.assertEqual(Ticket.search([("id", "in", (mine | hers).ids)]), mine | hers)

    def test_member_files_for_himself_and_to_the_back_office_only(self):
        count = self.Ticket.search_count([])
        Ticket = self.Ticket.with_user(self.staff)
        base = {"name": "Заявка", "description": "<p>x</p>", "team_id": self.team_legal.id}
        refused = [
            dict(base, partner_id=self.member2.partner_id.id),
            dict(base, team_id=self.team_client_a.id),
            dict(base, user_id=self.staff.id),
            dict(base, stage_id=self.st_done.id),
            {"name": "Заявка", "description": "<p>x</p>", "coop_template_id": self.tmpl_incident.id},
        ]
        for vals in refused:
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Ticket.create(vals)
        self.assertEqual(self.Ticket.search_count([]), count, "nothing filed, no number taken")
        # an agent still files for others
        ticket = self.Ticket.with_user(self.agent).create(dict(base, partner_id=self.member2.partner_id.id))
        self.assertEqual(ticket.partner_id, self.member2.partner_id)

    def test_portal_user_still_cannot_create_in_the_back_office(self):
        with self.assertRaises(AccessError):
            self.Ticket.with_user(self.portal_a).create(
                {"name": "Заявка", "description": "<p>x</p>", "team_id": self.team_legal.id}
            )


@tagged("post_install", "-at_install")
class TestMyRequestTour(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member = new_test_user(
            cls.env,
            login="sd_member_tour",
            password="sd_member_tour",
            groups="base.group_user",
            name="Тимур Членов",
        )
        cls.lawyer = new_test_user(
            cls.env,
            login="sd_lawyer_tour",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Лариса Юрист",
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Юристы-тур",
                "coop_audience": "internal",
                "user_ids": [Command.set(cls.lawyer.ids)],
            }
        )
        cls.env["helpdesk.ticket.stage"].create(
            {"name": "Новая", "sequence": 1, "unattended": True, "team_ids": [Command.set(cls.team.ids)]}
        )
        cls.template = cls.env["coop.servicedesk.template"].create(
            {"name": "Проверка договора", "team_id": cls.team.id, "description": "<p>Контрагент: ...</p>"}
        )

    def test_tour_member_files_a_request(self):
        self.start_tour(
            "/odoo/action-coop_servicedesk.helpdesk_ticket_action_my_requests",
            "coop_servicedesk_my_request",
            login=self.member.login,
        )
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.member.partner_id.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.coop_template_id, self.template)
