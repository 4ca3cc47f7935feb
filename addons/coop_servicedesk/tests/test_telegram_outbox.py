from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServicedeskBase


@tagged("post_install", "-at_install")
class TestTelegramOutbox(ServicedeskBase):
    def setUp(self):
        super().setUp()
        # requests and tickets the bot filed before: their tickets' follow-ups would queue team
        # chat posts in a claim
        self.env["coop.telegram.ticket.request"]._coop_register_pending(limit=10000)
        self.Ticket._coop_run_followups(limit=10000)

    def _msg(self, **kw):
        vals = {"chat_id": "8001", "text": "Заявка взята в работу"}
        vals.update(kw)
        return self.Outbox.create(vals)

    def test_claim_and_ack(self):
        self.Outbox.search([]).unlink()
        m1 = self._msg()
        m2 = self._msg(chat_id="8002")
        later = self._msg(next_try=fields.Datetime.now() + timedelta(hours=1))
        done = self._msg(state="sent")
        api = self._bridge_api()
        claimed = api.outbox_claim("worker-1", 10, 60)
        self.assertEqual([c["id"] for c in claimed], [m1.id, m2.id])
        self.assertEqual(claimed[0]["chat_id"], "8001")
        self.assertEqual(claimed[0]["attempts"], 0)
        self.assertEqual(m1.state, "sending")
        self.assertEqual(m1.claimed_by, "worker-1")
        self.assertEqual(api.outbox_claim("worker-2", 10, 60), [], "leased rows stay")
        res = api.outbox_ack(
            [
                {"id": m1.id, "ok": True, "error": False, "retry_after": False, "permanent": False},
                {"id": m2.id, "ok": False, "error": "429", "retry_after": 30, "permanent": False},
            ]
        )
        self.assertEqual(res, {"updated": 2})
        self.assertEqual(m1.state, "sent")
        self.assertTrue(m1.sent_at)
        self.assertEqual(m2.state, "pending")
        self.assertEqual(m2.attempts, 1)
        self.assertEqual(m2.last_error, "429")
        self.assertGreater(m2.next_try, fields.Datetime.now() + timedelta(seconds=20))
        # acking a sent message again is a no-op
        self.assertEqual(api.outbox_ack([{"id": m1.id, "ok": False}]), {"updated": 0})
        self.assertEqual(m1.state, "sent")
        self.assertEqual(later.state, "pending")
        self.assertEqual(done.state, "sent")

    def test_expired_lease_is_reclaimed(self):
        self.Outbox.search([]).unlink()
        msg = self._msg()
        api = self._bridge_api()
        self.assertEqual(len(api.outbox_claim("w1", 5, 60)), 1)
        msg.lease_until = fields.Datetime.now() - timedelta(seconds=1)
        again = api.outbox_claim("w2", 5, 60)
        self.assertEqual([c["id"] for c in again], [msg.id])
        self.assertEqual(msg.claimed_by, "w2")

    def _ok(self, *msgs):
        return [{"id": m.id, "ok": True} for m in msgs]

    def test_claims_are_per_chat(self):
        """Two workers never hold one chat: a chat's messages go out in order."""
        self.Outbox.search([]).unlink()
        a1, a2, a3 = self._msg(chat_id="8101"), self._msg(chat_id="8101"), self._msg(chat_id="8101")
        b1 = self._msg(chat_id="-1008102")
        api = self._bridge_api()
        first = api.outbox_claim("w1", 10, 60, per_chat=2)
        self.assertEqual([c["id"] for c in first], [a1.id, a2.id, b1.id], "each chat's oldest, at most per_chat")
        a4 = self._msg(chat_id="8101")
        b2 = self._msg(chat_id="-1008102")
        c1 = self._msg(chat_id="8103")
        self.assertEqual(
            [c["id"] for c in api.outbox_claim("w2", 10, 60)], [c1.id], "chats w1 holds are not taken"
        )
        api.outbox_ack(self._ok(a1, a2))
        second = api.outbox_claim("w2", 10, 60)
        self.assertEqual([c["id"] for c in second], [a3.id, a4.id])
        self.assertEqual(a3.claimed_by, "w2")
        self.assertEqual(b2.state, "pending", "the group is still w1's")
        api.outbox_ack(self._ok(b1))
        self.assertEqual([c["id"] for c in api.outbox_claim("w1", 1, 60)], [b2.id], "limit in all")

    def test_a_chat_waits_for_its_message_to_retry(self):
        self.Outbox.search([]).unlink()
        first, second = self._msg(chat_id="8201"), self._msg(chat_id="8201")
        other = self._msg(chat_id="8202")
        api = self._bridge_api()
        api.outbox_claim("w1", 1, 60)
        api.outbox_ack([{"id": first.id, "ok": False, "error": "502", "retry_after": 30}])
        self.assertEqual(
            [c["id"] for c in api.outbox_claim("w1", 10, 60)], [other.id], "nothing overtakes the retry"
        )
        first.next_try = fields.Datetime.now() - timedelta(seconds=1)
        self.assertEqual([c["id"] for c in api.outbox_claim("w2", 10, 60)], [first.id, second.id])

    def test_permanent_and_max_attempts(self):
        self.Outbox.search([]).unlink()
        blocked = self._msg()
        flaky = self._msg(chat_id="8003")
        api = self._bridge_api()
        api.outbox_claim("w", 5, 60)
        api.outbox_ack([{"id": blocked.id, "ok": False, "error": "403 blocked", "permanent": True}])
        self.assertEqual(blocked.state, "failed")
        self.env["ir.config_parameter"].set_param("coop_servicedesk.outbox_max_attempts", 2)
        api.outbox_ack([{"id": flaky.id, "ok": False, "error": "timeout"}])
        self.assertEqual(flaky.state, "pending")
        self.assertEqual(flaky.attempts, 1)
        api.outbox_ack([{"id": flaky.id, "ok": False, "error": "timeout"}])
        self.assertEqual(flaky.state, "failed")
        self.assertEqual(flaky.attempts, 2)
        flaky.action_retry()
        self.assertEqual(flaky.state, "pending")

    def test_bad_ack(self):
        api = self._bridge_api()
        with self.assertRaises(UserError):
            api.outbox_ack([{"id": "1", "ok": True}])
        with self.assertRaises(UserError):
            api.outbox_ack("nope")
