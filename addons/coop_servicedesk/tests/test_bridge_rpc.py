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
        self.assertEqual(claimed, [{"id": self.msg.id, "chat_id": "4242", "text": "Привет", "attempts": 0}])
        acked = self._call("coop.telegram.bridge", "outbox_ack", [[{"id": self.msg.id, "ok": True}]])
        self.assertEqual(acked["result"], {"updated": 1})
        self.msg.invalidate_recordset()
        self.assertEqual(self.msg.state, "sent")
        for model in ("helpdesk.ticket", "res.partner", "crm.lead", "coop.telegram.outbox"):
            with self.subTest(model=model):
                denied = self._call(model, "search_read", [[]], {"fields": ["id"], "limit": 1})
                self.assertIn("error", denied)
                self.assertIn("AccessError", json.dumps(denied["error"]))
