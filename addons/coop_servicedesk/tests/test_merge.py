from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestMerge(ServicedeskCase):
    """A request that arrives twice (e-mail and Telegram) is offered for merging; after the
    merge the Telegram conversation and the notifications follow the surviving ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.portal_a.partner_id
        cls._link(cls.partner, "9001")
        cls.email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.telegram = cls.env.ref("coop_servicedesk.channel_telegram")

    def _candidates(self, ticket, user=None):
        # computed on reading (a form opened, a request): what the ORM cached before is dropped
        self.env.invalidate_all()
        return (ticket.with_user(user) if user else ticket).coop_duplicate_candidate_ids

    def _pair(self):
        by_mail = self._ticket(
            team=self.team_client_a, partner=self.partner, name="Не приходит код VPN", channel_id=self.email.id
        )
        by_bot = self._ticket(
            team=self.team_client_a, partner=self.partner, name="RE: не приходит код VPN!", channel_id=self.telegram.id
        )
        return by_mail, by_bot

    def _backdate(self, ticket, hours):
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = create_date - %s WHERE id = %s",
            [timedelta(hours=hours), ticket.id],
        )
        ticket.invalidate_recordset(["create_date"])

    def test_possible_duplicates_across_channels(self):
        by_mail, by_bot = self._pair()
        other_subject = self._ticket(team=self.team_client_a, partner=self.partner, name="Сбросить пароль")
        other_requester = self._ticket(
            team=self.team_client_a, partner=self.portal_a2.partner_id, name="Не приходит код VPN"
        )
        self.assertEqual(self._candidates(by_mail, self.agent), by_bot)
        self.assertEqual(self._candidates(by_bot), by_mail)
        self.assertFalse(self._candidates(other_subject))
        self.assertFalse(self._candidates(other_requester))
        with self.assertRaises(AccessError, msg="another team's agent does not even read it"):
            self._candidates(by_mail, self.agent2)
        # outside the window (72 h by default), or done: no longer offered
        self._backdate(by_mail, 100)
        self.assertFalse(self._candidates(by_bot))
        self.env["ir.config_parameter"].sudo().set_param("coop_servicedesk.duplicate_window_hours", "120")
        self.assertEqual(self._candidates(by_bot), by_mail)
        by_mail.stage_id = self.st_done
        self.assertFalse(self._candidates(by_bot))

    def test_merge_moves_the_conversation_to_the_survivor(self):
        by_mail, by_bot = self._pair()
        # a message for the bot's ticket still waits for the bridge
        by_bot._coop_queue_telegram(self.partner, "Ответ по заявке")
        pending = self.Outbox.search([("ticket_id", "=", by_bot.id), ("kind", "=", "notification")])
        self.assertTrue(pending)
        self.assertEqual(self._candidates(by_mail, self.agent), by_bot)
        action = by_mail.with_user(self.agent).action_coop_merge_duplicates()
        self.assertEqual(action["res_model"], "helpdesk.ticket.merge")
        wizard = Form(self.env["helpdesk.ticket.merge"].with_user(self.agent).with_context(**action["context"]))
        self.assertEqual(wizard.dst_ticket_id, by_mail)
        wizard.save().merge_tickets()
        self.assertFalse(by_bot.active)
        self.assertTrue(by_mail.active)
        self.assertEqual(by_bot.coop_merged_into_id, by_mail)
        self.assertEqual(pending.ticket_id, by_mail, "the waiting Telegram message follows the survivor")
        self.assertEqual(by_mail.partner_id, self.partner)
        # the requester asks the bot about the number he knows: he gets the survivor
        status = self._bridge_api().ticket_status("9001", by_bot.number)
        self.assertEqual((status["ok"], status["number"]), (True, by_mail.number))
        # and the survivor's notifications reach his chat
        before = self.Outbox.search_count([("ticket_id", "=", by_mail.id)])
        by_mail.stage_id = self.st_work
        self.assertEqual(self.Outbox.search_count([("ticket_id", "=", by_mail.id), ("chat_id", "=", "9001")]), before + 1)

    def test_merge_refused_without_write_access(self):
        by_mail, by_bot = self._pair()
        for user in (self.agent2, self.portal_a, self.staff):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                by_mail.with_user(user).action_coop_merge_duplicates()
        # a ticket of another team slipped into the wizard: nothing is merged
        foreign = self._ticket(team=self.team_acc, partner=self.partner, name="Не приходит код VPN")
        Merge = self.env["helpdesk.ticket.merge"].with_user(self.agent)
        wizard = Merge.with_context(active_ids=by_mail.ids, active_model="helpdesk.ticket").create(
            {"ticket_ids": [(6, 0, (by_mail | foreign).ids)], "dst_ticket_id": by_mail.id}
        )
        with self.assertRaises(AccessError):
            wizard.merge_tickets()
        self.assertTrue(foreign.active)
        self.assertFalse(foreign.coop_merged_into_id)
