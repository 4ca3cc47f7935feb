import json

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestBridgeRpc(HttpCase):
    """The bridge's real path: JSON-RPC execute_kw with the technical user's API key."""

    def setUp(self):
        super().setUp()
        self.bridge = self.env.ref("coop_servicedesk.user_telegram_bridge")
        self.key = self.env["res.users.apikeys"].with_user(self.bridge).sudo()._generate(None, "bridge", None)
        partner = self.env["res.partner"].create({"name": "Клиент RPC", "email": "rpc@example.com"})
        link = self.env["coop.telegram.link"].issue_code(partner)
        self.code = link.code
        # requests and tickets the bot filed before: their tickets' follow-ups would queue team
        # chat posts in a claim
        self.env["coop.telegram.ticket.request"]._coop_register_pending(limit=10000)
        self.env["helpdesk.ticket"]._coop_run_followups(limit=10000)
        self.env["coop.telegram.outbox"].search([]).unlink()
        self.msg = self.env["coop.telegram.outbox"].create({"chat_id": "4242", "text": "Привет"})

    def _call(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [self.env.cr.dbname, self.bridge.id, self.key, model, method, args, kwargs or {}],
            },
        }
        resp = self.url_open(
            "/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        return resp.json()

    def test_rpc_facade_and_denials(self):
        res = self._call("coop.telegram.bridge", "link_chat", ["4242", self.code], {"username": "rpc"})
        self.assertEqual(res.get("result"), {"ok": True, "partner_name": "Клиент RPC"})
        info = self._call("coop.telegram.bridge", "chat_info", ["4242"])["result"]
        self.assertTrue(info["linked"])
        claimed = self._call("coop.telegram.bridge", "outbox_claim", ["w"])["result"]
        self.assertEqual(
            claimed,
            [
                {
                    "id": self.msg.id,
                    "chat_id": "4242",
                    "text": "Привет",
                    "attempts": 0,
                    "kind": "notification",
                    "rating_token": False,
                }
            ],
        )
        acked = self._call("coop.telegram.bridge", "outbox_ack", [[{"id": self.msg.id, "ok": True}]])
        self.assertEqual(acked["result"], {"updated": 1})
        self.msg.invalidate_recordset()
        self.assertEqual(self.msg.state, "sent")
        for model in (
            "helpdesk.ticket",
            "res.partner",
            "crm.lead",
            "coop.telegram.outbox",
            "coop.telegram.ticket.request",
        ):
            with self.subTest(model=model):
                denied = self._call(model, "search_read", [[]], {"fields": ["id"], "limit": 1})
                self.assertIn("error", denied)
                self.assertIn("AccessError", json.dumps(denied["error"]))

    def test_the_bridge_user_calls_with_its_api_key_only(self):
        self.bridge.sudo().password = "bridge-password-1"
        key = self.key
        try:
            self.key = "bridge-password-1"
            denied = self._call("coop.telegram.bridge", "chat_info", ["4242"])
        finally:
            self.key = key
        self.assertIn("AccessDenied", json.dumps(denied.get("error")))
        self.assertIn("result", self._call("coop.telegram.bridge", "chat_info", ["4242"]))

    def test_B3_code_factories_not_reachable_over_rpc(self):
        partner = self.env["res.partner"].create({"name": "Чужой контакт", "email": "other@example.com"})
        before = self.env["coop.telegram.link"].search_count([("partner_id", "=", partner.id)])
        denied = self._call("res.partner", "action_issue_telegram_code", [[partner.id]])
        self.assertIn("AccessError", json.dumps(denied.get("error")))
        private = self._call("coop.telegram.link", "issue_code", [partner.id])
        self.assertIn("error", private)
        self.assertIn("cannot be called remotely", json.dumps(private["error"]))
        figures = self._call(
            "coop.servicedesk.client.report", "_coop_figures", [partner.id, "2026-01-01", "2026-01-31"]
        )
        self.assertIn("error", figures)
        self.assertEqual(
            self.env["coop.telegram.link"].search_count([("partner_id", "=", partner.id)]), before
        )
        # the bridge's own way still answers (and never says whether the address is known)
        self.assertEqual(
            self._call("coop.telegram.bridge", "request_link_code", ["4243", "OTHER@example.com"])["result"],
            {"ok": True},
        )
