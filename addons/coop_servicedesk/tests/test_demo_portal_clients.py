from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoPortalClients(TransactionCase):
    """Every demo portal client has a team serving his company, templates to file requests
    with, tickets in several stages and a client report with figures. Without demo data
    there is no demo portal client, and nothing to check."""

    def _demo_portal_users(self):
        users = self.env["res.users"].search([("groups_id", "in", self.env.ref("base.group_portal").ids)])
        xmlids = users._get_external_ids()
        return users.filtered(
            lambda u: any(x.split(".", 1)[0].startswith("coop_") for x in xmlids.get(u.id, []))
        )

    def test_every_demo_portal_client_is_served(self):
        users = self._demo_portal_users()
        if self.env["ir.module.module"].search([("name", "=", "coop_servicedesk")]).demo:
            self.assertIn(self.env.ref("coop_crm.user_demo_portal_sber"), users)
            self.assertIn(self.env.ref("coop_servicedesk.user_client_translog"), users)
        else:
            self.assertFalse(users)
        Report = self.env["coop.servicedesk.client.report"]
        for user in users:
            with self.subTest(login=user.login):
                teams = self.env["helpdesk.ticket.team"].sudo().search([])._coop_open_to_partner(user.partner_id)
                self.assertTrue(teams, "no team serves the company of %s" % user.login)
                templates = self.env["coop.servicedesk.template"].sudo().search(
                    [("team_id", "in", teams.ids), ("show_in_portal", "=", True)]
                )
                self.assertGreaterEqual(len(templates), 2)
                tickets = self.env["helpdesk.ticket"].with_user(user).search([])
                self.assertGreaterEqual(len(tickets), 3)
                self.assertGreaterEqual(len(tickets.sudo().stage_id), 3, "tickets in various stages")
                self.assertTrue(tickets.sudo().filtered("closed"), "at least one done ticket")
                figures = Report.with_user(user)._coop_figures(
                    user.partner_id.commercial_partner_id,
                    min(tickets.mapped("create_date")).date(),
                    fields.Date.context_today(self.env.user),
                )
                self.assertEqual(figures["received"], len(tickets))
                self.assertGreaterEqual(figures["completed"], 1)
