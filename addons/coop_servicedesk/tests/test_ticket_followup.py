from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.coop_telegram_ticket_request import MAX_ATTEMPTS
from .common import ServicedeskCase


class FollowupCase(ServicedeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link(cls.staff.partner_id, "7103")
        cls.team_legal.coop_assign_method = "round_robin"
        cls.cron = cls.env.ref("coop_servicedesk.ir_cron_ticket_followup")
        cls.Request = cls.env["coop.telegram.ticket.request"]
        # requests and tickets the bot filed before these tests
        cls.Request._coop_register_pending(limit=10000)
        cls.Ticket._coop_run_followups(limit=10000)

    def _file(self, uid, text="Проверьте договор поставки", chat="7103", team=None):
        res = self._bridge_api().create_ticket(chat, (team or self.team_legal).id, False, text, uid)
        self.assertTrue(res["ok"], res)
        return res

    def _request(self, uid):
        return self.Request.search([("request_uid", "=", uid)])

    def _by_number(self, number):
        return self.Ticket.with_context(active_test=False).search([("number", "=", number)])

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

    def _triggers(self):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)])

    def _created_ago(self, record, seconds):
        self.env.flush_all()
        self.env.cr.execute(
            f"UPDATE {record._table} SET create_date = %s WHERE id = %s",  # noqa: S608 - our own table
            [fields.Datetime.now() - timedelta(seconds=seconds), record.id],
        )
        record.invalidate_recordset(["create_date"])


@tagged("post_install", "-at_install")
class TestTicketFollowup(FollowupCase):
    """A request filed by the bot is answered with its number at once; the ticket with that
    number, its followers, notifications, assignment and team chat post follow from the
    registration job, once."""

    def test_the_answer_is_a_request_with_a_reserved_number_and_one_trigger(self):
        triggers = self._triggers()
        tickets = self.Ticket.search_count([])
        res = self._file("f-1")
        self.assertIs(res["id"], False, "no ticket yet")
        self.assertTrue(res["number"])
        self.assertEqual(res["name"], "Проверьте договор поставки")
        self.assertEqual(self.Ticket.search_count([]), tickets, "the answer creates no ticket")
        self.assertFalse(self._by_number(res["number"]))
        request = self._request("f-1")
        self.assertEqual(request.number, res["number"])
        self.assertEqual(request.state, "pending")
        self.assertEqual(request.partner_id, self.staff.partner_id)
        self.assertEqual(request.team_id, self.team_legal)
        self.assertEqual(request.chat_id, "7103")
        self.assertEqual(self._triggers(), triggers + 1, "the job is triggered with the request")
        # the number is the ticket sequence's: the next ticket gets the one after it
        later = self._ticket()
        self.assertGreater(later.number, res["number"])

    def test_the_job_makes_one_ticket_with_that_number_once(self):
        res = self._file("f-2")
        request = self._request("f-2")
        done, left = self.Request._coop_register_pending()
        self.assertEqual((done, left), ([request.id], []))
        self.assertFalse(request.exists(), "the row is deleted with the ticket's creation")
        ticket = self._by_number(res["number"])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.coop_bridge_request_uid, "f-2")
        self.assertEqual(ticket.partner_id, self.staff.partner_id)
        self.assertEqual(ticket.channel_id, self.env.ref("coop_servicedesk.channel_telegram"))
        self.assertEqual(ticket.create_uid, self.bridge, "filed by the bot, as before")
        self.assertFalse(ticket.coop_followup_pending, "followed up in the same step")
        self.assertIn(self.staff.partner_id, ticket.message_partner_ids)
        self.assertIn(ticket.user_id, self.agent | self.agent3, "assigned by the team's rule")
        self.assertEqual(len(self._team_posts(ticket)), 1)
        self.assertIn(res["number"], self._team_posts(ticket).text)
        before = self._snapshot(ticket)
        messages = len(ticket.message_ids)

        # a second runner (the cron after the bridge's claim, say) finds nothing to do
        self.assertEqual(self.Request._coop_register_pending(), ([], []))
        self.assertEqual(self.Ticket._coop_run_followups(), ([], []))
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertEqual(self._snapshot(ticket), before)
        self.assertEqual(len(ticket.message_ids), messages)
        self.assertEqual(len(self._by_number(res["number"])), 1)

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
        res = self._file("f-3")
        self.Request._coop_register_pending()
        bot = self._by_number(res["number"])
        want, got = self._snapshot(direct), self._snapshot(bot)
        self.assertEqual(got["creation_messages"], want["creation_messages"])
        self.assertEqual(got["team_posts"], want["team_posts"])
        self.assertTrue(got["assigned"] and want["assigned"])
        # the same people follow, but for the assignee (round-robin gives each ticket another)
        assignees = (direct.user_id | bot.user_id).partner_id
        self.assertEqual(got["followers"] - assignees, want["followers"] - assignees)

    def test_a_runner_that_dies_leaves_it_pending_and_the_next_does_it_once(self):
        res = self._file("f-4")
        request = self._request("f-4")

        class Died(Exception):
            pass

        with self.assertRaises(Died), self.env.cr.savepoint():
            self.assertEqual(self.Request._coop_register_pending()[0], [request.id])
            self.assertEqual(len(self._team_posts(self._by_number(res["number"]))), 1)
            raise Died  # the transaction is lost before it commits
        self.env.invalidate_all()
        self.assertTrue(request.exists())
        self.assertEqual(request.state, "pending")
        self.assertFalse(self._by_number(res["number"]))
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertFalse(request.exists())
        ticket = self._by_number(res["number"])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(len(self._team_posts(ticket)), 1)
        self.assertEqual(self.Request._coop_register_pending(), ([], []))
        self.assertEqual(len(self._by_number(res["number"])), 1)

    def test_the_bridges_claim_registers_it_and_carries_the_team_chat_post(self):
        self.Outbox.search([]).unlink()
        res = self._file("f-5")
        request = self._request("f-5")
        self._created_ago(request, 0)
        self.assertEqual(self._bridge_api().outbox_claim("w1", 50, 60), [], "a burst gets its answers first")
        self.assertTrue(request.exists())
        self.assertFalse(self._by_number(res["number"]))
        self._created_ago(request, 5)
        claimed = self._bridge_api().outbox_claim("w1", 50, 60)
        self.assertFalse(request.exists())
        ticket = self._by_number(res["number"])
        self.assertEqual(len(ticket), 1)
        self.assertEqual([m["chat_id"] for m in claimed if m["kind"] == "team_chat"], ["-100111"])
        self.assertIn(res["number"], claimed[0]["text"])

    def test_the_claim_registers_a_few_requests_only(self):
        uids = [f"f-6-{i}" for i in range(7)]
        for uid in uids:
            self._file(uid)
            self._created_ago(self._request(uid), 5)
        self._bridge_api().outbox_claim("w1", 50, 60)
        left = self.Request.search([("request_uid", "in", uids)])
        self.assertEqual(len(left), 2, "5 per claim: the cron does the rest")
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertFalse(left.exists())
        self.assertEqual(self.Ticket.search_count([("coop_bridge_request_uid", "in", uids)]), 7)

    def test_a_repeated_request_before_and_after_registration(self):
        res = self._file("f-7")
        again = self._file("f-7", text="Проверьте договор")
        self.assertEqual(again, res, "the same number, no second request")
        self.assertEqual(len(self._request("f-7")), 1)
        self.Request._coop_register_pending()
        ticket = self._by_number(res["number"])
        after = self._file("f-7")
        self.assertEqual(after["id"], ticket.id)
        self.assertEqual(after["number"], res["number"])
        self.assertFalse(self._request("f-7"))
        self.assertEqual(self.Ticket.search_count([("coop_bridge_request_uid", "=", "f-7")]), 1)
        self.assertEqual(len(self._team_posts(ticket)), 1)
        # another chat cannot take that request id, before or after
        self._link(self.agent.partner_id, "7104")
        other = self._bridge_api().create_ticket("7104", self.team_legal.id, False, "x", "f-7")
        self.assertFalse(other["ok"])

    def test_tickets_pending_from_before_the_upgrade_are_still_finished(self):
        """A ticket the bot created itself (the release before the registration job), its
        follow-up still pending: the follow-up job finishes it, once."""
        ticket = (
            self.Ticket.with_user(self.bridge)
            .sudo()
            .with_context(mail_create_nosubscribe=True, coop_defer_followup=True)
            .create(
                {
                    "name": "Старая заявка",
                    "description": "<p>x</p>",
                    "team_id": self.team_legal.id,
                    "partner_id": self.staff.partner_id.id,
                    "user_id": False,
                }
            )
        )
        self.assertTrue(ticket.coop_followup_pending)
        self.assertFalse(self._team_posts(ticket))

        class Died(Exception):
            pass

        with self.assertRaises(Died), self.env.cr.savepoint():
            self.Ticket._coop_run_followups()
            raise Died
        self.env.invalidate_all()
        self.assertTrue(ticket.coop_followup_pending)
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertFalse(ticket.coop_followup_pending)
        self.assertIn(self.staff.partner_id, ticket.message_partner_ids)
        self.assertEqual(len(self._team_posts(ticket)), 1)
        self.assertEqual(self.Ticket._coop_run_followups(), ([], []))
        self.assertEqual(len(self._team_posts(ticket)), 1)


@tagged("post_install", "-at_install")
class TestTicketRequestFailure(FollowupCase):
    """A request that can no longer become a ticket is kept with its error, its requester is
    told once, and a manager registers it again once the cause is mended."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sd_req_manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            name="Мария Руководитель",
        )
        cls._link(cls.portal_a.partner_id, "7105")

    def _fail_one(self, uid):
        """A client's request whose team stopped taking the client's requests meanwhile."""
        res = self._file(uid, text="Сработал антивирус", chat="7105", team=self.team_client_a)
        self.team_client_a.coop_client_partner_ids = [(3, self.client_a.id)]
        return res, self._request(uid)

    def _told(self, number):
        return self.Outbox.search([("chat_id", "=", "7105"), ("text", "ilike", number)])

    def test_a_request_whose_team_closed_fails_once_and_its_requester_is_told(self):
        self.portal_a.partner_id.lang = "en_US"
        tickets = self.Ticket.search_count([])
        res, request = self._fail_one("r-1")
        done, left = self.Request._coop_register_pending()
        self.assertEqual((done, left), ([], [request.id]))
        self.assertEqual(request.state, "failed")
        self.assertIn("does not take your requests", request.error)
        self.assertEqual(self.Ticket.search_count([]), tickets, "no ticket")
        told = self._told(res["number"])
        self.assertEqual(len(told), 1)
        self.assertEqual(told.partner_id, self.portal_a.partner_id)
        self.assertIn("could not be registered", told.text)
        self.assertIn(request.error, told.text)
        # later runs leave it alone: it is not retried, nor told again
        self.assertEqual(self.Request._coop_register_pending(), ([], []))
        self.env["ir.cron"].browse(self.cron.id).method_direct_trigger()
        self.assertEqual(request.state, "failed")
        self.assertEqual(len(self._told(res["number"])), 1)
        # the bot's repeat of that request gets the error; the request is not listed as pending
        again = self._bridge_api().create_ticket("7105", self.team_client_a.id, False, "Сработал антивирус", "r-1")
        self.assertEqual(again, {"ok": False, "error": request.error})
        self.assertNotIn(res["number"], [t["number"] for t in self._bridge_api().my_tickets("7105")])

    def test_an_unexpected_error_is_retried_then_given_up(self):
        """A failure that is not the request's fault (here the database refuses the ticket) leaves
        it pending for the next run; after MAX_ATTEMPTS runs it is given up, and its requester is
        told once."""
        self.portal_a.partner_id.lang = "en_US"
        self.env.cr.execute(
            "ALTER TABLE helpdesk_ticket ADD CONSTRAINT coop_test_refused CHECK (name <> 'Сбой регистрации')"
        )
        res = self._file("r-6", text="Сбой регистрации", chat="7105", team=self.team_client_a)
        request = self._request("r-6")
        logger = "odoo.addons.coop_servicedesk.models.coop_telegram_ticket_request"
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with self.assertLogs(logger, "ERROR"), mute_logger("odoo.sql_db"):
                self.assertEqual(self.Request._coop_register_pending(), ([], [request.id]))
            self.assertEqual(request.attempts, attempt)
            if attempt < MAX_ATTEMPTS:
                self.assertEqual(request.state, "pending")
                self.assertFalse(self._told(res["number"]))
        self.assertEqual(request.state, "failed")
        self.assertEqual(request.error, "The service desk could not register it.")
        told = self._told(res["number"])
        self.assertEqual(len(told), 1)
        self.assertIn("The service desk could not register it.", told.text)
        self.assertFalse(self._by_number(res["number"]))
        self.assertEqual(self.Request._coop_register_pending(), ([], []))

    def test_the_requester_is_told_in_his_language(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.portal_a.partner_id.lang = "ru_RU"
        res, request = self._fail_one("r-2")
        self.Request._coop_register_pending()
        told = self._told(res["number"])
        self.assertEqual(len(told), 1)
        self.assertIn("не удалось зарегистрировать", told.text)
        self.assertIn("не принимает ваши заявки", request.error)

    def test_a_manager_registers_it_again_once_mended(self):
        res, request = self._fail_one("r-3")
        self.Request._coop_register_pending()
        self.assertEqual(request.state, "failed")
        # not mended yet: it stays failed, with its error, and the manager is told
        action = request.with_user(self.manager).action_retry()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(request.state, "failed")
        self.assertTrue(request.error)
        self.assertFalse(self._by_number(res["number"]))
        self.assertEqual(len(self._told(res["number"])), 1, "the requester is not told twice")
        self.team_client_a.coop_client_partner_ids = [(4, self.client_a.id)]
        action = request.with_user(self.manager).action_retry()
        ticket = self._by_number(res["number"])
        self.assertEqual(len(ticket), 1)
        self.assertFalse(request.exists())
        self.assertEqual((action["res_model"], action["res_id"]), ("helpdesk.ticket", ticket.id))
        self.assertEqual(ticket.partner_id, self.portal_a.partner_id)
        self.assertEqual(ticket.coop_bridge_request_uid, "r-3")
        self.assertIn(self.portal_a.partner_id, ticket.message_partner_ids)
        # the bot's repeat now finds the ticket
        again = self._bridge_api().create_ticket("7105", self.team_client_a.id, False, "x", "r-3")
        self.assertEqual((again["id"], again["number"]), (ticket.id, res["number"]))

    def test_only_a_manager_may_register_it_again(self):
        res, request = self._fail_one("r-4")
        self.Request._coop_register_pending()
        self.team_client_a.coop_client_partner_ids = [(4, self.client_a.id)]
        for user in (self.agent, self.staff, self.portal_a, self.bridge):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    request.with_user(user).action_retry()
                with self.assertRaises(AccessError):
                    self.Request.with_user(user).search([])
                with self.assertRaises(AccessError):
                    request.with_user(user).read(["number"])
        self.assertEqual(request.state, "failed")
        self.assertFalse(self._by_number(res["number"]))

    def test_the_managers_list_and_form(self):
        res, request = self._fail_one("r-5")
        self.Request._coop_register_pending()
        Request = self.Request.with_user(self.manager)
        action = self.env.ref("coop_servicedesk.coop_telegram_ticket_request_action")
        menu = self.env.ref("coop_servicedesk.menu_coop_servicedesk_ticket_requests")
        self.assertIn(menu.id, self.env["ir.ui.menu"].with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids())
        views = Request.get_views([(False, "list"), (False, "form"), (False, "search")], {"action_id": action.id})
        self.assertEqual(set(views["views"]), {"list", "form", "search"})
        self.assertIn('name="action_retry"', views["views"]["form"]["arch"])
        found = Request.search_read(
            [("state", "=", "failed")], ["create_date", "number", "partner_id", "team_id", "template_id", "state", "error"]
        )
        self.assertIn(res["number"], [r["number"] for r in found])
        form = Form(request.with_user(self.manager))
        self.assertEqual(form.number, res["number"])
        self.assertEqual(form.state, "failed")
        self.assertTrue(form.error)
        self.assertEqual(form.partner_id, self.portal_a.partner_id)
