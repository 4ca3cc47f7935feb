from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServicedeskBase, WithTeams


@tagged("post_install", "-at_install")
class TestClientReport(WithTeams, ServicedeskBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_pentest = cls.env["helpdesk.ticket.tag"].create({"name": "Пентест"})
        # round the clock on weekdays: the figures below equal the elapsed hours
        cls.cal_weekdays = cls._calendar("Будни круглосуточно", 0, 24)
        cls.cal_office = cls._calendar("Будни 9-18", 9, 18)
        cls.team_client_a.resource_calendar_id = cls.cal_weekdays
        base = datetime(2026, 11, 2, 10, 0)
        cls.rows = [
            # (partner, created, taken after h, closed after h, tags)
            (cls.portal_a, base, 1, 5, cls.tag_pentest),
            (cls.portal_a2, base + timedelta(days=1), 3, 10, None),
            (cls.portal_a, base + timedelta(days=2), 2, None, None),
            (cls.portal_b, base, 1, 2, None),  # another client
            (cls.portal_a, datetime(2026, 10, 20, 10, 0), 1, 1, None),  # before the period
        ]
        cls.tickets = cls.Ticket
        for user, created, taken, closed, tag in cls.rows:
            ticket = cls.Ticket.create(
                {
                    "name": "Заявка",
                    "description": "<p>x</p>",
                    "team_id": cls.team_client_a.id,
                    "partner_id": user.partner_id.id,
                    "tag_ids": [(6, 0, tag.ids)] if tag else False,
                }
            )
            if closed:
                ticket.stage_id = cls.st_done
            cls.env.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s, coop_taken_date = %s, "
                "closed_date = %s WHERE id = %s",
                [
                    created,
                    created + timedelta(hours=taken),
                    created + timedelta(hours=closed) if closed else None,
                    ticket.id,
                ],
            )
            cls.tickets |= ticket
        cls.tickets.invalidate_recordset()

    @classmethod
    def _calendar(cls, name, hour_from, hour_to):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{name} {day}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )

    def _dated_ticket(self, created, taken, closed):
        ticket = self.Ticket.create(
            {
                "name": "Заявка в пятницу",
                "description": "<p>x</p>",
                "team_id": self.team_client_a.id,
                "partner_id": self.portal_a.partner_id.id,
            }
        )
        if closed:
            ticket.stage_id = self.st_done
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, coop_taken_date = %s, closed_date = %s WHERE id = %s",
            [created, taken, closed, ticket.id],
        )
        ticket.invalidate_recordset()
        return ticket

    def test_times_in_working_hours_across_a_weekend(self):
        self.team_client_a.resource_calendar_id = self.cal_office
        # Friday 16:00 -> taken Monday 10:00, done Monday 12:00 (66 h and 68 h elapsed)
        self._dated_ticket(
            datetime(2026, 11, 6, 16, 0), datetime(2026, 11, 9, 10, 0), datetime(2026, 11, 9, 12, 0)
        )
        # Monday 9:00 -> taken 9:30, done Tuesday 10:00 (25 h elapsed)
        self._dated_ticket(
            datetime(2026, 11, 9, 9, 0), datetime(2026, 11, 9, 9, 30), datetime(2026, 11, 10, 10, 0)
        )
        Report = self.env["coop.servicedesk.client.report"]
        figures = Report._coop_figures(self.client_a, date(2026, 11, 6), date(2026, 11, 9))
        self.assertEqual(figures["received"], 2)
        self.assertEqual(figures["completed"], 2)
        # Friday 16-18 and Monday 9-10: 3 working hours, not 66
        self.assertEqual(figures["take_p90"], 2.75)
        self.assertEqual(figures["take_median"], 1.75)
        # 2 + 3 = 5 working hours; Monday 9-18 and Tuesday 9-10 = 10
        self.assertEqual(figures["resolve_median"], 7.5)
        self.assertEqual(figures["resolve_p90"], 9.5)
        # the same tickets without a calendar count plain elapsed hours
        self.team_client_a.resource_calendar_id = False
        plain = Report._coop_figures(self.client_a, date(2026, 11, 6), date(2026, 11, 9))
        self.assertEqual(plain["take_median"], 33.25)
        self.assertEqual(plain["resolve_median"], 46.5)

    def test_figures(self):
        figures = self.env["coop.servicedesk.client.report"]._coop_figures(
            self.client_a, date(2026, 11, 1), date(2026, 11, 30)
        )
        self.assertEqual(figures["received"], 3)
        self.assertEqual(figures["completed"], 2)
        self.assertEqual(figures["take_median"], 2.0)
        self.assertEqual(figures["take_p90"], 2.8)
        self.assertEqual(figures["resolve_median"], 7.5)
        self.assertEqual(figures["resolve_p90"], 9.5)
        self.assertEqual(figures["breaches"], 0)
        directions = {d["name"]: (d["received"], d["completed"]) for d in figures["by_direction"]}
        self.assertEqual(directions["Пентест"], (1, 1))
        october = self.env["coop.servicedesk.client.report"]._coop_figures(
            self.client_a, date(2026, 10, 1), date(2026, 10, 31)
        )
        self.assertEqual((october["received"], october["completed"]), (1, 1))

    def test_ticket_filed_done_counts_as_completed(self):
        """A ticket created straight in a closing stage is done: it is dated and counted."""
        Report = self.env["coop.servicedesk.client.report"]
        today = date.today()
        before = Report._coop_figures(self.client_a, today, today)
        ticket = self.Ticket.create(
            {
                "name": "Заявка, выполненная на месте",
                "description": "<p>x</p>",
                "team_id": self.team_client_a.id,
                "partner_id": self.portal_a.partner_id.id,
                "stage_id": self.st_done.id,
            }
        )
        self.assertTrue(ticket.closed_date)
        after = Report._coop_figures(self.client_a, today, today)
        self.assertEqual(after["received"], before["received"] + 1)
        self.assertEqual(after["completed"], before["completed"] + 1)
        # one closed earlier without a date of its own (a database of the previous release)
        ticket.closed_date = False
        undated = Report._coop_figures(self.client_a, today, today)
        self.assertEqual(undated["completed"], after["completed"])

    def test_bad_period(self):
        with self.assertRaises(ValidationError):
            self.env["coop.servicedesk.client.report"]._coop_figures(
                self.client_a, date(2026, 11, 30), date(2026, 11, 1)
            )
        with self.assertRaises(ValidationError):
            self.env["coop.servicedesk.client.report"].create(
                {
                    "partner_id": self.client_a.id,
                    "date_from": date(2026, 11, 30),
                    "date_to": date(2026, 11, 1),
                }
            )

    def test_wizard_and_printed_report(self):
        wizard = self.env["coop.servicedesk.client.report"].create(
            {
                "partner_id": self.client_a.id,
                "date_from": date(2026, 11, 1),
                "date_to": date(2026, 11, 30),
            }
        )
        self.assertEqual(wizard.received, 3)
        self.assertEqual(wizard.resolve_p90, 9.5)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("coop_servicedesk.action_report_client_service", wizard.ids)[0]
            .decode()
        )
        self.assertIn("ООО Альфа", html)
        self.assertIn("9.5", html)
        self.assertIn("Пентест", html)
        action = self.client_a.action_coop_service_report()
        self.assertEqual(action["context"]["default_partner_id"], self.client_a.id)

    def test_ticket_answer_to_article(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        with self.assertRaises(UserError):
            ticket.action_create_article()
        ticket.with_user(self.agent).message_post(
            body="Сбросьте пароль через портал и включите второй фактор.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        action = ticket.action_create_article()
        article = self.env["coop.servicedesk.article"].browse(action["res_id"])
        self.assertEqual(article.source_ticket_id, ticket)
        self.assertEqual(article.team_id, self.team_client_a)
        self.assertIn("второй фактор", article.body)
        self.assertFalse(article.publish_portal or article.publish_bot, "published on review")
        self.assertIn("второй фактор", article.summary)
