from odoo.addons.coop_union.tests.common import UnionCase


class UnionTelegramCase(UnionCase):
    """The small union of coop_union's tests, the bridge's technical user, and member A1's chat
    linked to the bot."""

    CHAT_A1 = "880001"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bridge_user = cls.env.ref("coop_servicedesk.user_telegram_bridge")
        cls.facade = cls.env["coop.telegram.bridge"].with_user(cls.bridge_user)
        cls.link_a1 = cls._link(cls.member_a1.partner_id, cls.CHAT_A1)

    @classmethod
    def _link(cls, partner, chat):
        link = cls.env["coop.telegram.link"].issue_code(partner)
        link.sudo()._consume(chat)
        return link

    def _appeals(self, **domain):
        return self.env["coop.union.appeal"].search([(k, "=", v) for k, v in domain.items()])

    def _telegram_appeals(self):
        """Appeals filed through Telegram in the test federation (the demo has its own)."""
        return self.env["coop.union.appeal"].search(
            [("channel", "=", "telegram"), ("organization_id", "child_of", self.federation.id)]
        )
