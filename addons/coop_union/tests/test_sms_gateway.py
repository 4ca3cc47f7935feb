from collections import Counter
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .sms_server import FakeSmsRu


@tagged("post_install", "-at_install")
class TestSmsGateway(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeSmsRu()
        cls.addClassCleanup(cls.fake.stop)
        cls.env["coop.sms.gateway"].search([]).active = False
        cls.gateway = cls.env["coop.sms.gateway"].create(
            {
                "name": "SMS.ru loopback",
                "provider": "smsru",
                "url": cls.fake.url,
                "api_key": "test-key",
                "sender": "FPOO",
                "batch_size": 100,
                "rate_limit": 0,
                "timeout": 5,
                "retry_delay": 60,
                "max_attempts": 3,
            }
        )

    def setUp(self):
        super().setUp()
        self.fake.received.clear()
        self.fake.requests = 0
        self.fake.fail_after = None
        self.fake.mode = "ok"
        self.fake.number_errors.clear()
        if self.fake.server.socket.fileno() == -1:
            self.fake.start()

    def _queue(self, count, body="Профсоюзная новость", start=0):
        return self.env["sms.sms"].create(
            [{"number": f"+7912{start + i:07d}", "body": body, "state": "outgoing"} for i in range(count)]
        )

    def _run(self):
        return self.env["sms.sms"]._process_queue()

    def _assert_no_duplicates(self):
        counts = Counter(number for number, _t, _i in self.fake.received)
        self.assertFalse([n for n, c in counts.items() if c > 1], "an SMS was sent twice")

    def test_batches_and_statuses(self):
        sms = self._queue(250)
        self._run()
        self.assertEqual(self.fake.requests, 3, "100 + 100 + 50")
        self.assertEqual(len(self.fake.received), 250)
        self._assert_no_duplicates()
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertTrue(all(sms.mapped("coop_provider_ref")))
        self.assertEqual(self.gateway.last_balance, 4122.56)
        # delivery statuses: delivered, expired, rejected
        refs = sms.mapped("coop_provider_ref")
        self.fake.statuses[refs[0]] = 103
        self.fake.statuses[refs[1]] = 104
        self.fake.statuses[refs[2]] = 108
        self.fake.statuses[refs[3]] = 102
        updated = self.env["sms.sms"]._cron_coop_poll_statuses()
        self.assertEqual(updated, 3)
        by_ref = {s.coop_provider_ref: s for s in sms}
        self.assertEqual(by_ref[refs[0]].state, "sent")
        self.assertTrue(by_ref[refs[0]].to_delete)
        self.assertEqual(by_ref[refs[1]].state, "error")
        self.assertEqual(by_ref[refs[2]].state, "error")
        self.assertEqual(by_ref[refs[3]].state, "pending")
        # running the queue again sends nothing more
        self._run()
        self.assertEqual(len(self.fake.received), 250)

    def test_different_texts_and_same_number_twice(self):
        sms = self.env["sms.sms"].create(
            [
                {"number": "+79120000001", "body": "Text one", "state": "outgoing"},
                {"number": "+79120000002", "body": "Text two", "state": "outgoing"},
                {"number": "+79120000001", "body": "Text three", "state": "outgoing"},
            ]
        )
        self._run()
        self.assertEqual(
            sorted(t for _n, t, _i in self.fake.received), ["Text one", "Text three", "Text two"]
        )
        self.assertEqual(self.fake.requests, 2, "the repeated number goes in a second request")
        self.assertEqual(set(sms.mapped("state")), {"pending"})

    def test_per_number_errors(self):
        self.fake.number_errors.update({"79120000001": 207, "79120000002": 209, "79120000003": 202})
        sms = self._queue(4, start=0)
        self._run()
        states = {s.number: (s.state, s.failure_type) for s in sms}
        self.assertEqual(states["+79120000000"], ("pending", False))
        self.assertEqual(states["+79120000001"], ("error", "sms_country_not_supported"))
        self.assertEqual(states["+79120000002"], ("error", "sms_blacklist"))
        self.assertEqual(states["+79120000003"], ("error", "sms_number_format"))
        self.assertIn("202", sms.filtered(lambda s: s.number == "+79120000003").coop_failure_reason)

    def test_refused_request(self):
        self.fake.mode = "no_funds"
        sms = self._queue(3)
        self._run()
        self.assertEqual(set(sms.mapped("failure_type")), {"sms_credit"})
        self.assertEqual(set(sms.mapped("state")), {"error"})
        self.assertIn("201", sms[0].coop_failure_reason)

    def test_outage_mid_mailing_then_restart(self):
        """The gateway fails after two requests: the rest waits and goes out once, later."""
        sms = self._queue(250)
        self.fake.fail_after = 2
        self._run()
        sent = sms.filtered(lambda s: s.state == "pending")
        waiting = sms.filtered(lambda s: s.state == "outgoing")
        self.assertEqual(len(sent), 200)
        self.assertEqual(len(waiting), 50)
        self.assertTrue(all(s.coop_next_try > fields.Datetime.now() for s in waiting))
        self.assertEqual(set(waiting.mapped("coop_attempts")), {1})
        self.assertEqual(self.fake.requests, 3, "stops after the first failure, no hammering")
        # the job restarts before the retry is due: nothing is sent
        self.fake.fail_after = None
        self._run()
        self.assertEqual(len(self.fake.received), 200)
        # the retry is due
        waiting.write({"coop_next_try": fields.Datetime.now() - timedelta(seconds=1)})
        self._run()
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(len(self.fake.received), 250)
        self._assert_no_duplicates()

    def test_gateway_down_connection_refused(self):
        sms = self._queue(5)
        self.fake.stop()
        self._run()
        self.assertEqual(set(sms.mapped("state")), {"outgoing"})
        self.assertIn("unreachable", sms[0].coop_failure_reason)
        self.fake.start()
        sms.write({"coop_next_try": fields.Datetime.now() - timedelta(seconds=1)})
        self._run()
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(len(self.fake.received), 5)

    def test_gives_up_after_max_attempts(self):
        sms = self._queue(2)
        self.fake.mode = "busy"
        for _attempt in range(3):
            sms.filtered(lambda s: s.state == "outgoing").write(
                {"coop_next_try": fields.Datetime.now() - timedelta(seconds=1)}
            )
            self._run()
        self.assertEqual(set(sms.mapped("state")), {"error"})
        self.assertEqual(set(sms.mapped("failure_type")), {"sms_server"})
        self.assertEqual(set(sms.mapped("coop_attempts")), {3})

    def test_answer_not_understood_is_never_resent(self):
        sms = self._queue(3)
        self.fake.mode = "garbage"
        self._run()
        self.assertEqual(set(sms.mapped("state")), {"error"})
        self.assertEqual(set(sms.mapped("failure_type")), {"unknown"})
        self.assertIn("not understood", sms[0].coop_failure_reason)
        self.fake.mode = "ok"
        self._run()
        self.assertEqual(self.fake.received, [], "an SMS that may have gone out is not sent again")

    def test_crash_after_claim(self):
        """Odoo died between the committed claim and the gateway's answer."""
        sms = self._queue(4)
        crashed = sms[:2]
        crashed.write({"state": "process", "coop_claimed_at": fields.Datetime.now() - timedelta(minutes=5)})
        recent = sms[2]
        recent.write({"state": "process", "coop_claimed_at": fields.Datetime.now()})
        self._run()
        self.assertEqual(set(crashed.mapped("state")), {"error"})
        self.assertIn("interrupted", crashed[0].coop_failure_reason)
        self.assertEqual(recent.state, "process", "a batch still in flight is left alone")
        self.assertEqual([n for n, _t, _i in self.fake.received], [sms[3].number.lstrip("+")])

    def test_claim_only_takes_queued_sms(self):
        sms = self._queue(3)
        sms[0].state = "pending"
        claimed = sms._coop_claim(self.gateway)
        self.assertEqual(claimed, sms[1:])
        self.assertEqual(set(claimed.mapped("state")), {"process"})
        self.assertFalse(sms._coop_claim(self.gateway), "a second claim gets nothing")

    def test_chatter_sms_goes_through_the_queue(self):
        partner = self.env["res.partner"].create({"name": "Recipient", "mobile": "+79125550001"})
        partner._message_sms("Заседание профкома в 15:00", partner_ids=partner.ids)
        self.assertEqual(self.fake.received, [], "no HTTP call inside the user's transaction")
        self._run()
        self.assertEqual(
            [(n, t) for n, t, _i in self.fake.received], [("79125550001", "Заседание профкома в 15:00")]
        )
        notification = self.env["mail.notification"].search(
            [("res_partner_id", "=", partner.id), ("notification_type", "=", "sms")]
        )
        self.assertEqual(notification.notification_status, "pending")

    def test_generic_http_gateway(self):
        self.gateway.active = False
        generic = self.env["coop.sms.gateway"].create(
            {
                "name": "Generic",
                "provider": "http",
                "url": self.fake.url + "/generic",
                "api_key": "x",
                "rate_limit": 0,
            }
        )
        sms = self._queue(3)
        self._run()
        self.assertEqual(len(self.fake.received), 3)
        self.assertEqual(set(sms.mapped("state")), {"pending"})
        self.assertEqual(sms.coop_gateway_id, generic)
        self.assertTrue(all(sms.mapped("to_delete")), "no status polling: final once accepted")
