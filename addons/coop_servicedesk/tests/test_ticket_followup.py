from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestTicketFollowup(ServicedeskCase):
    """A ticket filed by the bot is answered with its number at once; its followers,
    notifications, assignment and team chat post follow in the follow-up job, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link(cls.staff.partner_id, "7103")
        cls.team_legal.coop_assign_method = "round_robin"
        cls.cron = cls.env.ref("coop_servicedesk.ir_cron_ticket_followup")
        cls.Ticket._coop_run_followups(limit=10000)  # tickets the bot filed before these tests

    def _file(self, uid):
        res = self._bridge_api().create_ticket("7103", self.team_legal.id, False, "Проверьте договор поставки", uid)
        self.assertTrue(res["ok"], res)
        return self.Ticket.browse(res["id"])

    def _team_posts(self, ticket):
        return self.Outbox.search([("ticket_id", "=", ticket.id), ("kind", "=", "team_chat")])

    def _snapshot(self, ticket):
        """What a ticket's creation leaves behind, whatever the path."""
        created = self.env.ref("helpdesk_mgmt.hlp_tck_created")
        return {
            "followers": ticket.message_partner_ids,
            "creation_messages": len(ticket.message_ids.filtered(lambda m: m.subtype_id == created)),
            "assigned": bool(ticket.user_id),
            "team_posts": len(self._team_posts(ticket)),
        }

    def test_answer_first_then_the_followup_once(self):
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])
        ticket = self._file("f-1")
        self.assertTrue(ticket.number)
        self.assertTrue(ticket.coop_followup_pending)
        self.assertFalse(ticket.message_partner_ids, "nobody follows it yet")
        self.assertFalse(ticket.user_id)
        self.assertFalse(self._team_posts(ticket))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
            "the job is triggered in the transaction that creates the ticket",
        )

        done, failed = self.Ticket._coop_run_followups()
        self.assertEqual((done, failed), ([ticket.id], []))
        self.assertFalse(ticket.coop_followup_pending)
        self.assertIn(self.staff.partner_id, ticket.message_partner_ids)
        self.assertIn(ticket.user_id, self.agent | self.agent3, "assigned by the team's rule")
        self.assertEqual(len(self._team_posts(ticket)), 1)
        before = self._snapshot(ticket)
        messages = len(ticket.message_ids)

        # a second run (the cron after the bridge's claim, say) finds nothing to do
        self.assertEqual(self.Ticket._coop_run_followups(), ([], []))
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertEqual(self._snapshot(ticket), before)
        self.assertEqual(len(ticket.message_ids), messages)

    def test_same_outcome_as_a_ticket_created_at_once(self):
        direct = self.Ticket.create(
            {
                "name": "Проверьте договор поставки",
                "description": "<p>x</p>",
                "team_id": self.team_legal.id,
                "partner_id": self.staff.partner_id.id,
            }
        )
        direct.message_subscribe(partner_ids=self.staff.partner_id.ids)
        bot = self._file("f-2")
        self.Ticket._coop_run_followups()
        want, got = self._snapshot(direct), self._snapshot(bot)
        self.assertEqual(got["creation_messages"], want["creation_messages"])
        self.assertEqual(got["team_posts"], want["team_posts"])
        self.assertTrue(got["assigned"] and want["assigned"])
        # the same people follow, but for the assignee (round-robin gives each ticket another)
        assignees = (direct.user_id | bot.user_id).partner_id
        self.assertEqual(got["followers"] - assignees, want["followers"] - assignees)

    def test_a_runner_that_dies_leaves_it_pending_and_the_next_does_it_once(self):
        ticket = self._file("f-3")

        class Died(Exception):
            pass

        with self.assertRaises(Died), self.env.cr.savepoint():
            self.Ticket._coop_run_followups()
            self.assertEqual(len(self._team_posts(ticket)), 1)
            raise Died  # the transaction is lost before it commits
        self.env.invalidate_all()
        self.assertTrue(ticket.coop_followup_pending)
        self.assertFalse(self._team_posts(ticket))
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertFalse(ticket.coop_followup_pending)
        self.assertEqual(len(self._team_posts(ticket)), 1)

    def _created_ago(self, ticket, seconds):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(seconds=seconds), ticket.id],
        )
        ticket.invalidate_recordset(["create_date"])

    def test_the_bridges_claim_carries_the_team_chat_post(self):
        self.Outbox.search([]).unlink()
        ticket = self._file("f-4")
        self._created_ago(ticket, 0)
        self.assertEqual(self._bridge_api().outbox_claim("w1", 50, 60), [], "a burst gets its answers first")
        self.assertTrue(ticket.coop_followup_pending)
        self._created_ago(ticket, 5)
        claimed = self._bridge_api().outbox_claim("w1", 50, 60)
        self.assertFalse(ticket.coop_followup_pending)
        self.assertEqual([m["chat_id"] for m in claimed if m["kind"] == "team_chat"], ["-100111"])
        self.assertIn(ticket.number, claimed[0]["text"])

    def test_a_duplicate_request_is_not_followed_up_twice(self):
        ticket = self._file("f-5")
        self.Ticket._coop_run_followups()
        again = self._bridge_api().create_ticket("7103", self.team_legal.id, False, "Проверьте договор", "f-5")
        self.assertEqual(again["id"], ticket.id)
        self.assertFalse(ticket.coop_followup_pending)
        self.assertEqual(len(self._team_posts(ticket)), 1)
