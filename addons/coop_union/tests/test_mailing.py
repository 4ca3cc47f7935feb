from ast import literal_eval
from collections import Counter

from odoo.tests import tagged

from .common import FakeSmsGatewayMixin, UnionCase


@tagged("post_install", "-at_install")
class TestMailingBridge(FakeSmsGatewayMixin, UnionCase):
    gateway_values = {"name": "Loopback", "batch_size": 2}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.member_model = cls.env["ir.model"]._get("coop.union.member")
        # more members in A1 to see chunks at work
        cls.extra = cls.env["coop.union.member"].create(
            [
                {
                    "name": f"Extra {i}",
                    "membership_number": f"T-1{i:03d}",
                    "organization_id": cls.primary_a1.id,
                    "mobile": f"+7912111{i:04d}",
                    "discount_card": f"PD-X{i}",
                }
                for i in range(5)
            ]
        )
        cls.extra[0].consent_sms = False
        cls.extra[1].mobile = "(3532) 77-00-00"
        cls.env["phone.blacklist"].sudo().add(cls.extra[2].sms_number)

    def _sms_mailing(self, user, domain):
        return self.env["mailing.mailing"].create(
            {
                "subject": "ProfDISCOUNT news",
                "mailing_type": "sms",
                "body_plaintext": "Новые партнёры ПрофДИСКОНТ",
                "mailing_model_id": self.member_model.id,
                "mailing_domain": domain,
                "user_id": user.id,
                "sms_allow_unsubscribe": False,
            }
        )

    def test_segments_exist(self):
        segment = self.env.ref("coop_union.segment_discount")
        members = self.env["coop.union.member"].search(literal_eval(segment.mailing_domain))
        self.assertIn(self.member_a1, members)
        self.assertNotIn(self.member_a2, members)

    def test_recipients_limited_to_responsible_scope_and_consent(self):
        mailing = self._sms_mailing(self.user_prim_a1, "[('discount_card', '!=', False)]")
        recipients = self.env["coop.union.member"].browse(mailing._get_recipients())
        # B1 holds a card but belongs to another organisation; extra[0] refused SMS, extra[1] has a landline
        self.assertEqual(recipients, self.member_a1 | self.extra[2:])
        fed_mailing = self._sms_mailing(self.user_fed, "[('discount_card', '!=', False)]")
        self.assertIn(self.member_b1.id, fed_mailing._get_recipients())

    def test_mass_sms_in_chunks_through_gateway(self):
        self.env["ir.config_parameter"].sudo().set_param("coop_union.sms_chunk_size", 2)
        mailing = self._sms_mailing(
            self.user_fed, "[('discount_card', '!=', False), ('membership_number', 'like', 'T-')]"
        )
        mailing.action_send_sms()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        expected = self.member_a1 | self.member_b1 | self.extra[2:]
        self.assertEqual(set(traces.mapped("res_id")), set(expected.ids))
        blacklisted = traces.filtered(lambda t: t.res_id == self.extra[2].id)
        self.assertEqual(blacklisted.trace_status, "cancel")
        # resumable: a second run finds nothing left to queue
        mailing.action_send_sms()
        self.assertEqual(
            self.env["mailing.trace"].search_count([("mass_mailing_id", "=", mailing.id)]), len(traces)
        )
        self.env["sms.sms"]._process_queue()
        numbers = [n for n, _t, _i in self.fake.received]
        self.assertEqual(Counter(numbers).most_common(1)[0][1], 1)
        self.assertEqual(
            sorted(numbers),
            sorted(m.sms_number.lstrip("+") for m in self.member_a1 | self.member_b1 | self.extra[3:]),
        )
        self.assertEqual(
            set(traces.filtered(lambda t: t.res_id != self.extra[2].id).mapped("trace_status")), {"pending"}
        )

    def test_email_mailing_scope(self):
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "News",
                "mailing_type": "mail",
                "body_html": "<p>News</p>",
                "mailing_model_id": self.member_model.id,
                "mailing_domain": "[]",
                "user_id": self.user_reg_a.id,
            }
        )
        recipients = set(mailing._get_recipients())
        self.assertIn(self.member_a2.id, recipients)
        self.assertNotIn(self.member_b1.id, recipients)
        self.member_a2.consent_email = False
        self.assertNotIn(self.member_a2.id, mailing._get_recipients())

    def test_traces_hidden_from_other_staff(self):
        marketing = self.env.ref("mass_mailing.group_mass_mailing_user")
        (self.user_fed | self.user_prim_a1).groups_id = [(4, marketing.id)]
        mailing = self._sms_mailing(self.user_fed, "[('membership_number', 'like', 'T-')]")
        mailing.action_send_sms()
        Trace = self.env["mailing.trace"]
        self.assertTrue(Trace.with_user(self.user_fed).search([("mass_mailing_id", "=", mailing.id)]))
        self.assertFalse(
            Trace.with_user(self.user_prim_a1).sudo(False).search([("mass_mailing_id", "=", mailing.id)])
        )

    def test_personalised_sms_through_odoo_composer(self):
        """Texts with placeholders go through Odoo's own composer, chunk after chunk."""
        self.env["ir.config_parameter"].sudo().set_param("coop_union.sms_chunk_size", 2)
        mailing = self._sms_mailing(
            self.user_fed, "[('membership_number', 'in', ['T-0001', 'T-0003', 'T-1003'])]"
        )
        mailing.body_plaintext = "Здравствуйте, {{ object.name }}!"
        self.assertFalse(mailing._coop_fast_sms_possible())
        mailing.action_send_sms()
        sms = self.env["sms.sms"].search([("mailing_id", "=", mailing.id)])
        self.assertEqual(
            sorted(sms.mapped("body")),
            ["Здравствуйте, Extra 3!", "Здравствуйте, Member A1!", "Здравствуйте, Member B1!"],
        )
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.fake.received), 3)

    def test_bulk_queue_with_unsubscribe_link(self):
        mailing = self._sms_mailing(self.user_fed, "[('membership_number', 'in', ['T-0001', 'T-0003'])]")
        mailing.sms_allow_unsubscribe = True
        self.assertTrue(mailing._coop_fast_sms_possible())
        mailing.action_send_sms()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(traces), 2)
        for trace in traces:
            self.assertEqual(trace.trace_status, "outgoing")
            self.assertIn(f"/sms/{mailing.id}/{trace.sms_code}", trace.sms_id.body)
            self.assertEqual(trace.sms_tracker_ids.sms_uuid, trace.sms_id.uuid)
        self.env["sms.sms"]._process_queue()
        self.assertEqual(set(traces.mapped("trace_status")), {"pending"})

    def test_mailing_cron_queues_and_dedupes_numbers(self):
        """The mailing scheduler queues the mailing; a number shared by two members gets one SMS."""
        self.extra[4].mobile = self.extra[3].mobile
        mailing = self._sms_mailing(
            self.user_fed, "[('membership_number', 'in', ['T-1003', 'T-1004', 'T-0003'])]"
        )
        mailing.action_launch()
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(len(traces), 3)
        self.assertEqual(sorted(traces.mapped("trace_status")), ["cancel", "outgoing", "outgoing"])
        self.assertEqual(traces.filtered(lambda t: t.trace_status == "cancel").failure_type, "sms_duplicate")
        self.env["sms.sms"]._process_queue()
        self.assertEqual(len(self.fake.received), 2)
