"""The SQL fast path of a mass SMS writes what Odoo's own composer writes.

One chunk of members goes through ``_coop_queue_sms_chunk``; the same members, on the same
mailing (the first run rolled back), through mass_mailing_sms's composer. The rows of
``sms_sms``, ``mailing_trace`` and ``sms_tracker`` must be equal in every column but the ids,
the uuids, the trace codes and the create/write dates; the links between them (trace -> SMS,
tracker -> SMS and trace) must be the same. An Odoo 18.x update that changes what the
composer writes fails here.
"""

from odoo.addons.mass_mailing_sms.tests.common import MassSMSCase
from odoo.tests import tagged

from .common import UnionTreeMixin

# columns that differ by nature between two runs
IGNORED = {
    "id",
    "uuid",
    "create_date",
    "write_date",
    "sms_code",
    "sms_uuid",
    "sms_id_int",
    "mailing_trace_id",
}
NUMBERS = ["+79121110001", "+79121110002", "+79121110003", "+79121110002", "+79121110004"]
BLACKLISTED = "+79121110004"


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestSmsFastPathParity(UnionTreeMixin, MassSMSCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.members = cls.env["coop.union.member"].create(
            [
                {
                    "name": f"Parity {index}",
                    "membership_number": f"T-P{index}",
                    "organization_id": cls.primary_a1.id,
                    "mobile": number,
                }
                for index, number in enumerate(NUMBERS)
            ]
        )
        cls.env["phone.blacklist"].sudo().add(BLACKLISTED)
        cls.mailing = cls.env["mailing.mailing"].create(
            {
                "subject": "Parity",
                "mailing_type": "sms",
                "mailing_model_id": cls.env["ir.model"]._get_id("coop.union.member"),
                "mailing_domain": repr([("id", "in", cls.members.ids)]),
                "body_plaintext": "Профсоюзное собрание в пятницу в 18:00",
                "sms_allow_unsubscribe": True,
            }
        )
        # what each member's trace says, in the members' order (mass_mailing_sms's structure)
        cls.recipients_info = [
            {"partner": member.partner_id, "number": number, "trace_status": "outgoing"}
            for member, number in zip(cls.members, NUMBERS, strict=True)
        ]
        cls.recipients_info[3].update(trace_status="cancel", failure_type="sms_duplicate")
        cls.recipients_info[4].update(trace_status="cancel", failure_type="sms_blacklist")

    def _rows(self):
        """The mailing's SMS, traces and trackers, keyed by the member, comparable between runs."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT * FROM mailing_trace WHERE mass_mailing_id = %s", [self.mailing.id])
        traces = cr.dictfetchall()
        cr.execute("SELECT * FROM sms_sms WHERE mailing_id = %s", [self.mailing.id])
        sms_by_id = {row["id"]: row for row in cr.dictfetchall()}
        cr.execute(
            "SELECT k.* FROM sms_tracker k JOIN mailing_trace t ON t.id = k.mailing_trace_id "
            "WHERE t.mass_mailing_id = %s",
            [self.mailing.id],
        )
        trackers = cr.dictfetchall()
        self.assertEqual(len(sms_by_id), len(traces), "one SMS per trace")
        trace_by_id = {row["id"]: row for row in traces}
        rows = {}
        for trace in traces:
            sms = sms_by_id[trace["sms_id_int"]]
            mine = [k for k in trackers if k["mailing_trace_id"] == trace["id"]]
            self.assertEqual([k["sms_uuid"] for k in mine], [sms["uuid"]], "the tracker links trace and SMS")
            body = sms["body"].replace(trace["sms_code"], "<code>")
            rows[trace["res_id"]] = {
                "trace": {k: v for k, v in trace.items() if k not in IGNORED},
                "sms": {k: v for k, v in sms.items() if k not in IGNORED} | {"body": body},
                "trackers": [
                    {k: v for k, v in tracker.items() if k not in IGNORED}
                    | {"trace_res_id": trace_by_id[tracker["mailing_trace_id"]]["res_id"]}
                    for tracker in mine
                ],
            }
        return rows

    def test_fast_path_writes_what_the_composer_writes(self):
        self.assertTrue(self.mailing._coop_fast_sms_possible())
        try:
            with self.env.cr.savepoint():
                queued = self.mailing._coop_queue_sms_chunk(self.members.ids)
                self.assertEqual(queued, 3)
                self.assertSMSTraces(self.recipients_info, self.mailing, self.members, check_sms=False)
                fast = self._rows()
                raise _Rollback
        except _Rollback:
            pass
        self.env.invalidate_all()
        self.assertFalse(self._rows(), "the fast run is rolled back")

        with self.mockSMSGateway():
            composer = (
                self.env["sms.composer"]
                .with_context(active_id=False)
                .create(self.mailing._send_sms_get_composer_values(self.members.ids))
            )
            composer._action_send_sms()
        self.assertSMSTraces(self.recipients_info, self.mailing, self.members)
        odoo = self._rows()

        self.assertEqual(set(fast), set(self.members.ids))
        for member in self.members:
            for table in ("sms", "trace", "trackers"):
                with self.subTest(member=member.name, table=table):
                    self.assertEqual(fast[member.id][table], odoo[member.id][table])
