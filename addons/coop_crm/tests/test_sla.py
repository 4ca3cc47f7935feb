from datetime import datetime

from freezegun import freeze_time
from odoo.tests import tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestStageSla(CoopCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Mon-Fri 8:00-12:00 and 13:00-17:00 in UTC, 8 hours a day.
        cls.calendar = cls.env["resource.calendar"].create({"name": "Пятидневка (UTC)", "tz": "UTC"})
        cls.env.company.resource_calendar_id = cls.calendar

    def _move(self, lead, stage, when):
        """Move ``lead`` to ``stage`` as if it happened at ``when``."""
        lead.stage_id = stage
        lead.date_last_stage_update = when
        lead.flush_recordset()

    def test_deadline_across_stage_changes(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        self._move(lead, self.stage_new, datetime(2026, 3, 30, 9, 0))
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 1, 9, 0), "2 days in 'new request'")
        self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 3, 31, 9, 0), "at risk after half of it")
        with freeze_time("2026-03-30 12:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "on_time")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "on_time")]))
        with freeze_time("2026-03-31 12:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "at_risk")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "at_risk")]))
        with freeze_time("2026-04-02 10:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "late")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "late")]))
            self.assertNotIn(
                lead, self.env["crm.lead"].search([("coop_sla_status", "in", ("on_time", "at_risk"))])
            )
            # Moving on restarts the clock with the next stage's limit: 10 working days.
            self._move(lead, self.stage_nego, datetime(2026, 4, 2, 10, 0))
            self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 16, 10, 0))
            self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 4, 13, 15, 0), "75% = 60 hours")
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "on_time")
        # The contract stage has no limit in this direction.
        self._move(lead, self.stage_contract, datetime(2026, 4, 3, 10, 0))
        self.assertFalse(lead.coop_sla_deadline)
        self.assertEqual(lead.coop_sla_status, "none")
        # A direction without SLA gives no deadline at all.
        other = self._lead(self.team_compliance, self.client_sber)
        self.assertFalse(other.coop_sla_deadline)
        # Changing the limit of a stage moves the deadlines of the leads in it.
        self._move(lead, self.stage_nego, datetime(2026, 4, 7, 10, 0))
        self.team_pentest.coop_sla_ids.filtered(lambda s: s.stage_id == self.stage_nego).limit_days = 1
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 8, 10, 0))

    def test_cron_gives_one_activity_per_missed_deadline(self):
        activity_type = self.env.ref("coop_crm.mail_activity_type_sla_late")
        lead = self._lead(self.team_pentest, self.client_sber, user_id=self.coordinator.id)
        on_time = self._lead(self.team_pentest, self.client_tbank, name="Пентест Wi-Fi")
        self._move(lead, self.stage_new, datetime(2026, 3, 30, 9, 0))
        self._move(on_time, self.stage_nego, datetime(2026, 3, 31, 8, 0))

        def sla_activities(record):
            return record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        with freeze_time("2026-04-02 09:00:00"):
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 1)
            self.assertEqual(sla_activities(lead).user_id, self.coordinator)
            self.assertFalse(sla_activities(on_time))
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 1, "one activity per missed deadline")
        self._move(lead, self.stage_nego, datetime(2026, 4, 2, 9, 0))
        with freeze_time("2026-04-17 09:00:00"):
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 2, "a new missed deadline gives a new activity")
            self.assertEqual(len(sla_activities(on_time)), 1)

    def test_deadline_in_working_days_across_weekend_and_leave(self):
        # Friday 3 April 2026, 15:00: two working days in "new request" end on Tuesday, not on Sunday.
        lead = self._lead(self.team_pentest, self.client_sber)
        self._move(lead, self.stage_new, datetime(2026, 4, 3, 15, 0))
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 7, 15, 0))
        self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 4, 6, 15, 0))
        with freeze_time("2026-04-05 20:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "on_time", "the weekend does not count")
        # Monday 6 April becomes a public holiday of the calendar: the deadline moves by one day.
        Leave = self.env["resource.calendar.leaves"]
        holiday = Leave.create(
            {
                "name": "Перенос выходного дня",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 4, 6, 0, 0),
                "date_to": datetime(2026, 4, 6, 23, 59, 59),
            }
        )
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 8, 15, 0))
        self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 4, 7, 15, 0))
        with freeze_time("2026-04-07 16:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "at_risk")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "at_risk")]))
        # A holiday of another calendar changes nothing.
        other = self.env["resource.calendar"].create({"name": "Другой график", "tz": "UTC"})
        Leave.create(
            {
                "name": "Чужой выходной",
                "calendar_id": other.id,
                "date_from": datetime(2026, 4, 7, 0, 0),
                "date_to": datetime(2026, 4, 7, 23, 59, 59),
            }
        )
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 8, 15, 0))
        # Moving the holiday to Tuesday, then removing it, moves the deadline along.
        holiday.write(
            {"date_from": datetime(2026, 4, 7, 0, 0), "date_to": datetime(2026, 4, 7, 23, 59, 59)}
        )
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 8, 15, 0))
        self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 4, 6, 15, 0))
        holiday.unlink()
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 7, 15, 0))
        # A stage change counts the next stage's limit from the move, over the weekend again.
        self._move(lead, self.stage_nego, datetime(2026, 4, 10, 16, 0))
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 24, 16, 0), "10 working days")
        # The responsible's own calendar wins over the company's: a four-day week.
        four_days = self.env["resource.calendar"].create(
            {
                "name": "Четырёхдневка (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    (0, 0, {"name": name, "dayofweek": str(day), "hour_from": hour_from, "hour_to": hour_to})
                    for day in range(4)
                    for name, hour_from, hour_to in (("Утро", 8, 12), ("После обеда", 13, 17))
                ],
            }
        )
        resource = self.env["resource.resource"].create(
            {"name": self.coordinator.name, "user_id": self.coordinator.id, "calendar_id": four_days.id}
        )
        lead.invalidate_recordset()
        self._move(lead, self.stage_new, datetime(2026, 4, 9, 16, 0))
        # Thursday 16:00 + 16 hours of a Mon-Thu week: 1 h Thursday, Monday, Tuesday until 16:00.
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 14, 16, 0))
        # A personal day off of the responsible does not stop the client's clock.
        Leave.create(
            {
                "name": "Отгул",
                "resource_id": resource.id,
                "calendar_id": four_days.id,
                "date_from": datetime(2026, 4, 13, 0, 0),
                "date_to": datetime(2026, 4, 13, 23, 59, 59),
            }
        )
        self.env["crm.lead"]._coop_recompute_sla_after()
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 4, 14, 16, 0))

    def test_deadline_counts_the_production_calendar(self):
        # Friday 6 March 2026, 15:00: Monday 9 March is a public holiday of the Russian production
        # calendar (coop_base's global leaves): two working days end on Wednesday, not Tuesday.
        lead = self._lead(self.team_pentest, self.client_sber)
        self._move(lead, self.stage_new, datetime(2026, 3, 6, 15, 0))
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 3, 11, 15, 0))
