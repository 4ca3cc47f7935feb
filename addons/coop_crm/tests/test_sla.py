from datetime import datetime

from freezegun import freeze_time
from odoo.tests import tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestStageSla(CoopCrmCase):
    def _move(self, lead, stage, when):
        """Move ``lead`` to ``stage`` as if it happened at ``when``."""
        lead.stage_id = stage
        lead.date_last_stage_update = when
        lead.flush_recordset()

    def test_deadline_across_stage_changes(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        self._move(lead, self.stage_new, datetime(2026, 3, 2, 9, 0))
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 3, 4, 9, 0), "2 days in 'new request'")
        self.assertEqual(lead.coop_sla_risk_date, datetime(2026, 3, 3, 9, 0), "at risk after half of it")
        with freeze_time("2026-03-02 12:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "on_time")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "on_time")]))
        with freeze_time("2026-03-03 12:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "at_risk")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "at_risk")]))
        with freeze_time("2026-03-05 10:00:00"):
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "late")
            self.assertIn(lead, self.env["crm.lead"].search([("coop_sla_status", "=", "late")]))
            self.assertNotIn(
                lead, self.env["crm.lead"].search([("coop_sla_status", "in", ("on_time", "at_risk"))])
            )
            # Moving on restarts the clock with the next stage's limit.
            self._move(lead, self.stage_nego, datetime(2026, 3, 5, 10, 0))
            self.assertEqual(lead.coop_sla_deadline, datetime(2026, 3, 15, 10, 0))
            lead.invalidate_recordset(["coop_sla_status"])
            self.assertEqual(lead.coop_sla_status, "on_time")
        # The contract stage has no limit in this direction.
        self._move(lead, self.stage_contract, datetime(2026, 3, 6, 10, 0))
        self.assertFalse(lead.coop_sla_deadline)
        self.assertEqual(lead.coop_sla_status, "none")
        # A direction without SLA gives no deadline at all.
        other = self._lead(self.team_compliance, self.client_sber)
        self.assertFalse(other.coop_sla_deadline)
        # Changing the limit of a stage moves the deadlines of the leads in it.
        self._move(lead, self.stage_nego, datetime(2026, 3, 10, 10, 0))
        self.team_pentest.coop_sla_ids.filtered(lambda s: s.stage_id == self.stage_nego).limit_days = 1
        self.assertEqual(lead.coop_sla_deadline, datetime(2026, 3, 11, 10, 0))

    def test_cron_gives_one_activity_per_missed_deadline(self):
        activity_type = self.env.ref("coop_crm.mail_activity_type_sla_late")
        lead = self._lead(self.team_pentest, self.client_sber, user_id=self.coordinator.id)
        on_time = self._lead(self.team_pentest, self.client_tbank, name="Пентест Wi-Fi")
        self._move(lead, self.stage_new, datetime(2026, 3, 2, 9, 0))
        self._move(on_time, self.stage_nego, datetime(2026, 3, 3, 8, 0))

        def sla_activities(record):
            return record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

        with freeze_time("2026-03-05 09:00:00"):
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 1)
            self.assertEqual(sla_activities(lead).user_id, self.coordinator)
            self.assertFalse(sla_activities(on_time))
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 1, "one activity per missed deadline")
        self._move(lead, self.stage_nego, datetime(2026, 3, 5, 9, 0))
        with freeze_time("2026-03-16 09:00:00"):
            self.env["crm.lead"]._cron_coop_sla_late()
            self.assertEqual(len(sla_activities(lead)), 2, "a new missed deadline gives a new activity")
            self.assertEqual(len(sla_activities(on_time)), 1)
