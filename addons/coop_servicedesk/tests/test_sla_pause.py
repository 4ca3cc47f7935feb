from datetime import datetime

from freezegun import freeze_time
from odoo import Command
from odoo.addons.coop_base.tests.common import five_day_calendar
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServicedeskCase
from .test_mail_gateway import MAIL


@tagged("post_install", "-at_install")
class TestSlaPause(ServicedeskCase):
    """The SLA clock stops while the team waits for the client and runs again when he answers;
    it counts the production calendar (times below are UTC: Moscow is UTC+3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = five_day_calendar(cls.env, "Бэк-офис 9-18 (Москва)", "Europe/Moscow")
        teams = cls.team_legal | cls.team_client_a
        teams.write({"use_sla": True, "resource_calendar_id": cls.calendar.id})
        cls.sla = cls.env["helpdesk.sla"].create(
            {
                "name": "Решить за 1 рабочий день",
                "team_ids": [Command.set(teams.ids)],
                "coop_kind": "resolve",
                "stage_id": cls.st_done.id,
                "days": 1,
            }
        )
        cls.st_wait.coop_waiting_client = True

    def _ticket_at(self, when, **kw):
        ticket = self._ticket(**kw)
        self.env.cr.execute("UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s", [when, ticket.id])
        ticket.invalidate_recordset(["create_date"])
        ticket.set_sla()
        return ticket

    def _resolve_sla(self, ticket):
        return ticket.ticket_sla_ids.filtered(lambda s: s.sla_id == self.sla)

    def test_waiting_stage_is_ignored_by_slas(self):
        self.assertIn(self.st_wait, self.sla.ignore_stage_ids)
        other = self.env["helpdesk.sla"].create({"name": "Любая команда", "hours": 4, "stage_id": self.st_done.id})
        self.assertIn(self.st_wait, other.ignore_stage_ids, "a new SLA pauses in the waiting stages")
        self.st_wait.coop_waiting_client = False
        self.assertNotIn(self.st_wait, self.sla.ignore_stage_ids)

    def test_new_year_holidays(self):
        # Tuesday 30 December 2025, 10:00 Moscow: one working day runs to Monday 12 January 2026
        ticket = self._ticket_at(datetime(2025, 12, 30, 7, 0))
        self.assertEqual(ticket.coop_resolve_deadline, datetime(2026, 1, 12, 7, 0))

    def test_shortened_day(self):
        # Tuesday 3 November 2026 ends at 17:00, the 4th is a holiday: 10-13, 14-17, then
        # Thursday 9-11
        ticket = self._ticket_at(datetime(2026, 11, 3, 7, 0))
        self.assertEqual(ticket.coop_resolve_deadline, datetime(2026, 11, 5, 8, 0))

    def test_pause_while_waiting_for_the_client(self):
        # Monday 16 November 2026, 10:00 Moscow: due Tuesday 10:00
        ticket = self._ticket_at(datetime(2026, 11, 16, 7, 0), team=self.team_client_a, partner=self.portal_a.partner_id)
        self.assertEqual(ticket.coop_resolve_deadline, datetime(2026, 11, 17, 7, 0))
        with freeze_time("2026-11-16 09:00:00"):  # 12:00: two hours spent
            ticket.with_user(self.agent).stage_id = self.st_work
            ticket.with_user(self.agent).stage_id = self.st_wait
        sla = self._resolve_sla(ticket)
        self.assertEqual(sla.state, "on_hold")
        self.assertEqual(sla.consumed_time, 2)
        self.assertEqual(ticket.coop_sla_state, "paused")
        self.assertEqual(ticket.coop_resume_stage_id, self.st_work)
        with freeze_time("2026-11-18 09:00:00"):  # Wednesday 12:00, past the first deadline
            self.assertEqual(ticket.coop_sla_state, "paused", "no breach while the clock stands")
            # the team's own note does not resume the clock
            ticket.with_user(self.agent).message_post(body="Напомнили клиенту", message_type="comment",
                                                      subtype_xmlid="mail.mt_comment")
            self.assertEqual(ticket.stage_id, self.st_wait)
            # the client answers on the portal: back to work, six hours left
            ticket.with_user(self.portal_a).message_post(body="Вот логи", message_type="comment",
                                                         subtype_xmlid="mail.mt_comment")
            self.assertEqual(ticket.stage_id, self.st_work)
            self.assertEqual(sla.state, "in_progress")
            self.assertFalse(ticket.coop_resume_stage_id)
            self.assertEqual(ticket.coop_sla_state, "on_track")
        # Wednesday 12-13, 14-18, Thursday 9-10
        self.assertEqual(sla.deadline, datetime(2026, 11, 19, 7, 0))
        self.assertEqual(ticket.coop_resolve_deadline, datetime(2026, 11, 19, 7, 0))

    def test_colleague_of_the_client_resumes(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        ticket.stage_id = self.st_work
        ticket.stage_id = self.st_wait
        ticket.with_user(self.portal_a2).message_post(body="Отвечаю за Анну", message_type="comment",
                                                      subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.stage_id, self.st_work)

    def test_email_reply_resumes(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        ticket.stage_id = self.st_wait
        self.assertFalse(ticket.coop_resume_stage_id, "came from the new stage")
        thread_id = ticket.message_ids.sorted("id")[-1].message_id
        raw = MAIL.format(
            to="sd-alfa@coop.example",
            email_from="Анна Альфина <anna@alfa.example>",
            subject=f"Re: {ticket.name}",
            body="Отправила файл.",
            msg_id="<reply-wait-1@alfa.example>",
            extra=f"In-Reply-To: {thread_id}\nReferences: {thread_id}\n",
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].message_process(False, raw.encode())
        self.assertIn("Отправила файл", " ".join(ticket.message_ids.mapped("body")))
        # it waited since the new stage: it goes to the team's first working stage
        self.assertEqual(ticket.stage_id, self.st_work)

    def test_resume_does_not_notify_the_client(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        ticket.stage_id = self.st_work
        ticket.stage_id = self.st_wait
        before = ticket.message_ids
        outbox = self.Outbox.search_count([("ticket_id", "=", ticket.id)])
        ticket.with_user(self.portal_a).message_post(body="Готово", message_type="comment",
                                                     subtype_xmlid="mail.mt_comment")
        self.assertEqual(ticket.stage_id, self.st_work)
        told = (ticket.message_ids - before).filtered(lambda m: ticket.number in (m.body or ""))
        self.assertFalse(told, "the client who has just answered is not told his ticket is back in work")
        self.assertEqual(self.Outbox.search_count([("ticket_id", "=", ticket.id)]), outbox)
