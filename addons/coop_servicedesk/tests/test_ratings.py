from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestRatings(ServicedeskCase):
    """On closing the requester rates the service (helpdesk_mgmt_rating): by e-mail, or with
    one tap in Telegram through the bridge, checked against his linked chat."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("helpdesk_mgmt_rating.rating_ticket_email_template")
        cls.st_done.rating_mail_template_id = cls.template
        cls.partner = cls.portal_a.partner_id
        cls._link(cls.partner, "8001")
        cls._link(cls.portal_b.partner_id, "8002")

    def _closed_ticket(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.partner, user_id=self.agent.id)
        ticket.stage_id = self.st_done
        return ticket

    def _request(self, ticket):
        return self.Outbox.search([("ticket_id", "=", ticket.id), ("kind", "=", "rating")])

    def test_closing_asks_for_a_rating_by_mail_and_telegram(self):
        ticket = self._closed_ticket()
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.partner)
        self.assertEqual(rating.rated_partner_id, self.agent.partner_id)
        self.assertEqual(rating.parent_res_model, "helpdesk.ticket.team")
        request = self._request(ticket)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.chat_id, "8001")
        self.assertEqual(request.rating_token, rating.access_token, "one token for mail and Telegram")
        # the bridge sees the kind and the token with the message
        claimed = self._bridge_api().outbox_claim("w1", limit=50)
        row = next(r for r in claimed if r["id"] == request.id)
        self.assertEqual((row["kind"], row["rating_token"]), ("rating", rating.access_token))

    def test_rating_by_button(self):
        ticket = self._closed_ticket()
        token = self._request(ticket).rating_token
        api = self._bridge_api()
        res = api.rate_ticket("8001", token, 4, "Быстро и по делу")
        self.assertEqual(res, {"ok": True, "number": ticket.number, "rating": 4})
        rating = ticket.rating_ids
        self.assertEqual((rating.rating, rating.feedback, rating.consumed), (4, "Быстро и по делу", True))
        self.assertEqual(ticket.rating_last_value, 4)

    def test_rating_refused_to_others_and_bad_input(self):
        ticket = self._closed_ticket()
        token = self._request(ticket).rating_token
        api = self._bridge_api()
        for chat, tok, score in (
            ("8002", token, 5),  # another client's chat
            ("9999", token, 5),  # a chat linked to nobody
            ("8001", "not-a-token", 5),
            ("8001", "", 5),
            ("8001", token, 0),
            ("8001", token, 6),
            ("8001", token, "пять"),
        ):
            with self.subTest(chat=chat, token=tok, score=score), self.assertRaises(UserError):
                api.rate_ticket(chat, tok, score)
        self.assertFalse(ticket.rating_ids.consumed, "nothing rated")
        for user in (self.portal_a, self.agent):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["coop.telegram.bridge"].with_user(user).rate_ticket("8001", token, 5)

    def test_ratings_in_the_client_report(self):
        ticket = self._closed_ticket()
        self._bridge_api().rate_ticket("8001", self._request(ticket).rating_token, 2)
        other = self._closed_ticket()
        other.rating_apply(5, token=other.rating_ids.access_token)
        today = ticket.create_date.date()
        figures = self.env["coop.servicedesk.client.report"]._coop_figures(self.client_a, today, today)
        self.assertEqual((figures["ratings"], figures["rating_avg"]), (2, 3.5))

    def test_rating_action_refused_on_unreadable_ticket(self):
        ticket = self._closed_ticket()
        with self.assertRaises(AccessError):
            ticket.with_user(self.portal_b).action_view_ticket_rating()
