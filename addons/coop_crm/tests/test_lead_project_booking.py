from datetime import date, datetime

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestLeadProjectBooking(CoopCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Monday 2 March 2026 to Friday 6 March 2026: one full working week of the standard calendar.
        cls.monday = date(2026, 3, 2)
        cls.friday = date(2026, 3, 6)

    def test_lead_needs_client(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["crm.lead"].create(
                {"name": "Без клиента", "type": "opportunity", "team_id": self.team_pentest.id}
            )
        lead = self._lead(self.team_pentest, self.client_sber)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            lead.write({"coop_client_partner_ids": [(5, 0, 0)]})
        self.assertEqual(lead.coop_client_partner_ids, self.client_sber)

    def test_lead_child_card_of_several_clients(self):
        lead = self._lead(self.team_pentest, self.client_sber | self.client_tbank)
        self.assertIn("Паспорт лида", lead.coop_passport, "passport filled from the direction's template")
        self.assertEqual(lead.coop_client_id, self.client_sber)
        self.assertEqual(lead.coop_circle_id, self.circle_pentest)
        self.assertIn(lead, self.client_sber.coop_lead_ids)
        self.assertIn(lead, self.client_tbank.coop_lead_ids)
        self.assertEqual(self.client_tbank.coop_circle_ids, self.circle_pentest)
        self.assertEqual(self.client_sber.coop_lead_count, 1)
        # A contact of the bank as customer: the head card becomes the client.
        contact = self.env["res.partner"].create({"name": "Пётр Иванов", "parent_id": self.client_tbank.id})
        self.assertEqual(contact.coop_head_card_id, self.client_tbank)
        second = self.env["crm.lead"].create(
            {
                "name": "Аудит ГОСТ 57580",
                "type": "opportunity",
                "team_id": self.team_compliance.id,
                "partner_id": contact.id,
            }
        )
        self.assertEqual(second.coop_client_partner_ids, self.client_tbank)
        self.assertEqual(self.client_tbank.coop_circle_ids, self.circle_pentest | self.circle_compliance)

    def test_booking_bad_input(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        Booking = self.env["coop.capacity.booking"]
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Booking.create(
                {
                    "user_id": self.pentester.id,
                    "lead_id": lead.id,
                    "date_start": self.friday,
                    "date_end": self.monday,
                }
            )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Booking.create({"user_id": self.pentester.id, "date_start": self.monday, "date_end": self.friday})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Booking.create(
                {
                    "user_id": self.pentester.id,
                    "lead_id": lead.id,
                    "date_start": self.monday,
                    "date_end": self.friday,
                    "hours_per_day": 30,
                }
            )
        resource = self.env["resource.resource"].create(
            {
                "name": self.pentester.name,
                "user_id": self.pentester.id,
                "calendar_id": self.env.company.resource_calendar_id.id,
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Отпуск",
                "resource_id": resource.id,
                "calendar_id": resource.calendar_id.id,
                "date_from": datetime(2026, 3, 4, 6, 0),
                "date_to": datetime(2026, 3, 5, 18, 0),
            }
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Booking.create(
                {
                    "user_id": self.pentester.id,
                    "lead_id": lead.id,
                    "date_start": self.monday,
                    "date_end": self.friday,
                }
            )
        self.assertFalse(Booking.search([("lead_id", "=", lead.id)]), "nothing was booked")
        ok = Booking.create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": date(2026, 3, 3),
            }
        )
        self.assertEqual(ok.hours_planned, 16.0)

    def test_lead_project_bookings_flow(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        Booking = self.env["coop.capacity.booking"]
        booking = Booking.create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.friday,
                "hours_per_day": 6,
            }
        )
        self.assertEqual(booking.state, "tentative")
        self.assertEqual(booking.circle_id, self.circle_pentest)
        self.assertEqual(booking.partner_id, self.client_sber)
        self.assertEqual(booking.hours_planned, 30.0)
        load = self.env["coop.capacity.load"].search(
            [("user_id", "=", self.pentester.id), ("week_start", "=", self.monday)]
        )
        self.assertEqual(load.capacity_hours, 40.0)
        self.assertEqual(load.tentative_hours, 30.0)
        self.assertFalse(load.overallocated)
        self.assertFalse(booking.overallocated)
        # A second booking in the same week: 30 + 20 hours > 40 working hours.
        other = Booking.create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.friday,
                "allocation_mode": "total",
                "hours_total": 20,
            }
        )
        self.assertEqual(other.hours_planned, 20.0)
        self.assertTrue(load.overallocated)
        self.assertEqual(load.booked_hours, 50.0)
        booking.invalidate_recordset(["overallocated"])
        self.assertTrue(booking.overallocated)
        other.unlink()
        self.assertFalse(load.overallocated)
        booking.invalidate_recordset(["overallocated"])
        self.assertFalse(booking.overallocated)

        with self.assertRaises(UserError):
            lead.action_coop_create_project()
        lead.action_set_won()
        self.assertEqual(lead.coop_outcome, "won")
        action = lead.action_coop_create_project()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(wizard_form.partner_id, self.client_sber)
        self.assertEqual(wizard_form.date_start, self.monday)
        wizard_form.user_id = self.coordinator
        wizard_form.secretary_id = self.coordinator
        wizard = wizard_form.save()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            wizard.action_create()
        wizard.secretary_id = self.pentester
        with self.assertRaises(ValidationError), self.cr.savepoint():
            wizard.action_create()
        self.assertFalse(lead.coop_project_id)
        wizard.secretary_id = self.coordinator2
        result = wizard.action_create()
        project = self.env["project.project"].browse(result["res_id"])
        self.assertEqual(lead.coop_project_id, project)
        self.assertEqual(project.coop_lead_id, lead)
        self.assertEqual(project.partner_id, self.client_sber)
        self.assertEqual(project.coop_team_id, self.team_pentest)
        self.assertEqual(project.coop_circle_id, self.circle_pentest)
        self.assertEqual(project.user_id, self.coordinator)
        self.assertEqual(project.coop_secretary_id, self.coordinator2)
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.project_id, project)
        self.assertEqual(load.confirmed_hours, 30.0)
        self.assertEqual(load.tentative_hours, 0.0)
        self.assertEqual(self.client_sber.coop_project_count, 1)
        with self.assertRaises(UserError):
            lead.action_coop_create_project()

    def test_specialist_loses_his_circles_lead_and_frees_its_bookings(self):
        lead = self._lead(self.team_pentest, self.client_tbank, user_id=self.pentester.id)
        booking = self.env["coop.capacity.booking"].create(
            {"user_id": self.pentester.id, "lead_id": lead.id, "date_start": self.monday, "date_end": self.friday}
        )
        with self.assertRaises(AccessError):
            booking.with_user(self.pentester).action_cancel()
        self._lose(lead.with_user(self.pentester), reason=self.lost_reason)
        self.assertEqual(lead.coop_outcome, "lost")
        self.assertEqual(booking.state, "cancelled")

    def test_lose_lead(self):
        lead = self._lead(self.team_pentest, self.client_tbank)
        booking = self.env["coop.capacity.booking"].create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.friday,
            }
        )
        with self.assertRaises(UserError):
            self._lose(lead, reason=None)
        with self.assertRaises(UserError):
            self._lose(lead, reason=self.lost_reason, feedback="<p><br></p>")
        with self.assertRaises(UserError):
            lead.action_set_lost(lost_reason_id=self.lost_reason.id)
        self.assertTrue(lead.active)
        self.assertEqual(booking.state, "tentative")
        self._lose(lead, reason=self.lost_reason)
        self.assertFalse(lead.active)
        self.assertEqual(lead.coop_outcome, "lost")
        self.assertEqual(lead.lost_reason_id, self.lost_reason)
        self.assertEqual(lead.coop_lost_comment, "Бюджет урезали")
        self.assertEqual(booking.state, "cancelled")
        self.assertFalse(
            self.env["coop.capacity.load"].search(
                [("user_id", "=", self.pentester.id), ("week_start", "=", self.monday)]
            ),
            "a cancelled booking loads nobody",
        )
        self.assertEqual(self.client_tbank.coop_lost_lead_count, 1)
        self.assertEqual(self.client_tbank.coop_lead_count, 0)
        refusals = (
            self.env["crm.lead"].with_context(active_test=False).search([("coop_outcome", "=", "lost")])
        )
        self.assertIn(lead, refusals)
        groups = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .read_group([("coop_outcome", "=", "lost")], ["lost_reason_id"], ["lost_reason_id"])
        )
        self.assertIn(self.lost_reason.id, [g["lost_reason_id"][0] for g in groups if g["lost_reason_id"]])
        # Conversion by direction: one lost, one won in the pentest direction.
        won = self._lead(self.team_pentest, self.client_sber, name="Пентест мобильного банка")
        won.action_set_won()
        data = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .read_group(
                [("coop_outcome", "in", ("won", "lost")), ("team_id", "=", self.team_pentest.id)],
                ["coop_conversion:avg"],
                ["team_id"],
            )
        )
        self.assertEqual(data[0]["coop_conversion"], 50.0)
