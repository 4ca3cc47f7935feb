from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestSlaRisk(ServicedeskCase):
    """The assignee is told in his own Telegram chat, once per ticket, when a running SLA of
    his ticket is about to end; switchable in his preferences."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_client_a.use_sla = True
        cls.sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Решить за 1 день",
                "team_ids": [Command.set(cls.team_client_a.ids)],
                "coop_kind": "resolve",
                "stage_id": cls.st_done.id,
                "days": 1,
            }
        )
        cls._link(cls.agent.partner_id, "7803")
        cls.env["ir.config_parameter"].sudo().set_param("coop_servicedesk.sla_risk_minutes", 60)

    def _ticket_due_in(self, minutes, **kw):
        ticket = self._ticket(
            team=self.team_client_a, partner=self.portal_a.partner_id, user_id=self.agent.id, **kw
        )
        line = ticket.ticket_sla_ids
        self.assertEqual(len(line), 1)
        self.env.flush_all()  # the computed deadline is written first, then set here
        self.env.cr.execute(
            "UPDATE helpdesk_ticket_sla SET deadline = %s, state = 'in_progress' WHERE id = %s",
            [fields.Datetime.now() + timedelta(minutes=minutes), line.id],
        )
        line.invalidate_recordset()
        return ticket

    def _notices(self, ticket):
        return self.Outbox.search(
            [
                ("ticket_id", "=", ticket.id),
                ("chat_id", "=", "7803"),
                ("kind", "=", "staff"),
                ("text", "ilike", "SLA"),
            ]
        )

    def test_told_once_when_near(self):
        near = self._ticket_due_in(30)
        far = self._ticket_due_in(300)
        self.Ticket._cron_coop_sla_risk()
        notice = self._notices(near)
        self.assertEqual(len(notice), 1)
        self.assertIn(near.number, notice.text)
        self.assertTrue(near.coop_sla_risk_notified)
        self.assertFalse(self._notices(far))
        self.assertFalse(far.coop_sla_risk_notified)
        # the next runs tell nothing again
        self.Ticket._cron_coop_sla_risk()
        self.Ticket._cron_coop_sla_risk()
        self.assertEqual(len(self._notices(near)), 1)

    def test_paused_closed_or_unassigned_not_told(self):
        paused = self._ticket_due_in(10)
        paused.ticket_sla_ids.state = "on_hold"
        self.env.flush_all()
        closed = self._ticket_due_in(10)
        closed.stage_id = self.st_done
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket_sla SET state = 'in_progress' WHERE ticket_id = %s", [closed.id]
        )
        closed.ticket_sla_ids.invalidate_recordset()
        nobody = self._ticket_due_in(10)
        nobody.user_id = False
        self.Ticket._cron_coop_sla_risk()
        for ticket in paused | closed | nobody:
            self.assertFalse(self._notices(ticket))

    def test_switched_off_in_preferences(self):
        self.agent.with_user(self.agent).write({"coop_telegram_notify_sla_risk": False})
        ticket = self._ticket_due_in(15)
        self.Ticket._cron_coop_sla_risk()
        self.assertFalse(self._notices(ticket))

    def test_cron_is_scheduled(self):
        cron = self.env.ref("coop_servicedesk.ir_cron_sla_risk")
        self.assertTrue(cron.active)
        self.assertEqual(cron.code.strip(), "model._cron_coop_sla_risk()")
