from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ServicedeskBase, WithTeams


@tagged("post_install", "-at_install")
class TestIsolation(WithTeams, ServicedeskBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls.Ticket.create(
            {
                "name": "Заявка Альфы",
                "description": "<p>a</p>",
                "team_id": cls.team_client_a.id,
                "partner_id": cls.portal_a.partner_id.id,
            }
        )
        cls.ticket_b = cls.Ticket.create(
            {
                "name": "Заявка Беты",
                "description": "<p>b</p>",
                "partner_id": cls.portal_b.partner_id.id,
            }
        )
        cls.ticket_legal = cls.Ticket.create(
            {
                "name": "Проверить договор",
                "description": "<p>c</p>",
                "team_id": cls.team_legal.id,
                "partner_id": cls.staff.partner_id.id,
            }
        )
        cls.outsider = new_test_user(
            cls.env, login="sd_outsider", groups="base.group_user", name="Посторонний"
        )

    def test_portal_sees_only_own_company(self):
        Ticket = self.Ticket.with_user(self.portal_a2)
        self.assertEqual(Ticket.search([]), self.ticket_a, "a colleague's ticket of the same client")
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket_legal.with_user(self.portal_a).read(["name"])
        self.assertEqual(self.Ticket.with_user(self.portal_b).search([]), self.ticket_b)
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.portal_b).write({"name": "x"})

    def test_internal_outsider_sees_no_back_office_request(self):
        Ticket = self.Ticket.with_user(self.outsider)
        self.assertFalse(Ticket.search([("id", "in", (self.ticket_legal | self.ticket_a).ids)]))
        with self.assertRaises(AccessError):
            self.ticket_legal.with_user(self.outsider).read(["name"])
        # the accounting circle does not see the lawyers' requests
        self.assertFalse(self.Ticket.with_user(self.agent2).search([("id", "=", self.ticket_legal.id)]))
        with self.assertRaises(AccessError):
            self.ticket_legal.with_user(self.agent2).read(["name"])

    def test_requester_follower_and_circle_see_it(self):
        self.assertEqual(
            self.Ticket.with_user(self.staff).search([("id", "=", self.ticket_legal.id)]),
            self.ticket_legal,
        )
        self.ticket_legal.message_subscribe(partner_ids=self.outsider.partner_id.ids)
        self.assertEqual(
            self.Ticket.with_user(self.outsider).search([("id", "=", self.ticket_legal.id)]),
            self.ticket_legal,
        )
        # the team lead of the legal circle is not a team member in helpdesk terms but
        # holds a role in the circle
        self.team_legal.user_ids = self.agent
        self.assertIn(self.agent3, self.circle_legal.member_ids)
        self.assertEqual(
            self.Ticket.with_user(self.agent3).search([("id", "=", self.ticket_legal.id)]),
            self.ticket_legal,
        )

    def test_kb_portal_sees_published_only(self):
        Article = self.env["coop.servicedesk.article"]
        pub = Article.create({"name": "Открыто", "body": "<p>x</p>", "publish_portal": True})
        hidden = Article.create({"name": "Только сотрудникам", "body": "<p>y</p>"})
        found = Article.with_user(self.portal_a).search([("id", "in", (pub | hidden).ids)])
        self.assertEqual(found, pub)
        with self.assertRaises(AccessError):
            hidden.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            pub.with_user(self.portal_a).write({"name": "z"})
