from datetime import datetime

from odoo import Command
from odoo.addons.coop_base.tests.common import five_day_calendar
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestTemplateSla(ServicedeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = five_day_calendar(cls.env, "Бэк-офис 9-18", "UTC")
        cls.team_legal.write({"use_sla": True, "resource_calendar_id": cls.calendar.id})
        Sla = cls.env["helpdesk.sla"]
        cls.sla_take = Sla.create(
            {
                "name": "Взять в работу за 4 ч",
                "team_ids": [Command.set(cls.team_legal.ids)],
                "coop_kind": "take",
                "stage_id": cls.st_work.id,
                "hours": 4,
            }
        )
        cls.sla_resolve = Sla.create(
            {
                "name": "Решить за 1 день",
                "team_ids": [Command.set(cls.team_legal.ids)],
                "coop_kind": "resolve",
                "stage_id": cls.st_done.id,
                "days": 1,
            }
        )
        cls.sla_urgent = Sla.create(
            {
                "name": "Срочно: взять за 1 ч",
                "team_ids": [Command.set(cls.team_legal.ids)],
                "coop_kind": "take",
                "coop_priority": "3",
                "stage_id": cls.st_work.id,
                "hours": 1,
            }
        )

    def _backdate(self, ticket, when):
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [when, ticket.id])
        ticket.invalidate_recordset(["create_date"])
        ticket.set_sla()

    def test_template_fills_ticket(self):
        ticket = self._ticket(coop_template_id=self.tmpl_contract.id, name=False, description=False)
        self.assertEqual(ticket.name, "Проверка договора")
        self.assertEqual(ticket.priority, "2")
        self.assertIn("Контрагент", ticket.description)
        self.assertEqual(ticket.channel_id, self.env.ref("coop_servicedesk.channel_internal"))
        with Form(self.Ticket) as form:
            form.coop_template_id = self.tmpl_contract
            self.assertEqual(form.team_id, self.team_legal)
            self.assertEqual(form.priority, "2")
            self.assertEqual(form.name, "Проверка договора")
            form.partner_id = self.staff.partner_id
        self.assertEqual(form.record.coop_template_id, self.tmpl_contract)

    def test_template_of_other_team_rejected(self):
        count = self.Ticket.search_count([])
        with self.assertRaises(ValidationError):
            self._ticket(team=self.team_acc, coop_template_id=self.tmpl_contract.id)
        self.assertEqual(self.Ticket.search_count([]), count)

    def test_template_shows_its_sla(self):
        self.assertEqual(self.tmpl_contract.sla_ids, self.sla_take | self.sla_resolve)
        self.tmpl_contract.priority = "3"
        self.assertEqual(self.tmpl_contract.sla_ids, self.sla_take | self.sla_resolve | self.sla_urgent)
        self.assertFalse(self.tmpl_incident.sla_ids, "client team does not use SLA")

    def test_deadlines_follow_working_calendar(self):
        ticket = self._ticket()
        # Friday 13 November 2026, 16:00: two working hours left that day
        self._backdate(ticket, datetime(2026, 11, 13, 16, 0))
        self.assertEqual(ticket.sla_ids, self.sla_take | self.sla_resolve)
        self.assertEqual(ticket.coop_take_deadline, datetime(2026, 11, 16, 11, 0))
        self.assertEqual(ticket.coop_resolve_deadline, datetime(2026, 11, 16, 16, 0))
        self.assertEqual(ticket.coop_sla_state, "breached")
        self.assertTrue(ticket.sla_expired)
        self.env.flush_all()
        breaches = self.env["helpdesk.sla.report"].search(
            [("ticket_id", "=", ticket.id), ("state", "=", "expired")]
        )
        self.assertEqual(len(breaches), 2)

    def test_priority_sla_and_met_state(self):
        urgent = self._ticket(priority="3")
        self.assertIn(self.sla_urgent, urgent.sla_ids)
        normal = self._ticket()
        self.assertNotIn(self.sla_urgent, normal.sla_ids)
        self.assertEqual(normal.coop_sla_state, "on_track")
        normal.stage_id = self.st_work
        self.assertTrue(normal.coop_taken_date)
        self.assertEqual(
            normal.ticket_sla_ids.filtered(lambda s: s.sla_id == self.sla_take).state,
            "accomplished",
        )
        self.assertEqual(normal.coop_sla_state, "on_track")
        normal.stage_id = self.st_done
        self.assertEqual(normal.coop_sla_state, "met")
