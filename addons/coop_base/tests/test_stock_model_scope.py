"""Stock models scoped by coop_base: followers, notifications, calendar attendees and
recurrences. Each test logs in as a portal user or a plain employee, fails to see what
belongs to records he cannot read, and shows that the chatter, Discuss and the calendar
still work for the people entitled to them."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase


class StockScopeCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_mail_to_attendees=True))
        other_company = cls.env["res.company"].create({"name": "Other Company"})
        # a contact the plain employee may not read (another company's contact)
        cls.secret = cls.env["res.partner"].create({
            "name": "Secret Person",
            "email": "secret.person@example.com",
            "phone": "+7 900 111 22 33",
            "company_id": other_company.id,
        })
        cls.employee = new_test_user(cls.env, login="scope_employee", groups="base.group_user", name="Plain Employee")
        cls.colleague = new_test_user(cls.env, login="scope_colleague", groups="base.group_user", name="Colleague")
        cls.portal = new_test_user(cls.env, login="scope_portal", groups="base.group_portal", name="Portal Client")
        # a record the employee cannot read: a private group chat of the colleague
        cls.hidden_thread = cls.env["discuss.channel"].create({
            "name": "Colleague's private chat",
            "channel_type": "group",
            "channel_member_ids": [Command.create({"partner_id": cls.colleague.partner_id.id})],
        })
        # a record every employee reads: a plain contact
        cls.visible_thread = cls.env["res.partner"].create({"name": "Shared Contact"})
        cls.env["mail.followers"]._insert_followers(
            "res.partner", cls.visible_thread.ids, cls.secret.ids, check_existing=True
        )
        Followers = cls.env["mail.followers"]
        cls.follower_hidden = Followers.create({
            "res_model": "discuss.channel", "res_id": cls.hidden_thread.id, "partner_id": cls.secret.id,
        })
        cls.follower_visible = Followers.search([
            ("res_model", "=", "res.partner"), ("res_id", "=", cls.visible_thread.id),
            ("partner_id", "=", cls.secret.id),
        ])
        cls.follower_own = Followers.create({
            "res_model": "discuss.channel", "res_id": cls.hidden_thread.id,
            "partner_id": cls.employee.partner_id.id,
        })


@tagged("post_install", "-at_install")
class TestFollowersScope(StockScopeCase):
    def test_U5_employee_cannot_read_followers_of_unreadable_record(self):
        Followers = self.env["mail.followers"].with_user(self.employee)
        self.assertFalse(Followers.search([("id", "=", self.follower_hidden.id)]))
        self.assertNotIn(self.follower_hidden, Followers.search([]))
        self.assertNotIn(
            self.follower_hidden.id,
            [row["id"] for row in Followers.search_read([("partner_id", "=", self.secret.id)], ["email"])],
        )
        self.assertEqual(Followers.search_count([("res_model", "=", "discuss.channel"),
                                                 ("res_id", "=", self.hidden_thread.id),
                                                 ("partner_id", "=", self.secret.id)]), 0)
        groups = Followers.read_group([("partner_id", "=", self.secret.id)], ["res_model"], ["res_model"])
        self.assertEqual([g["res_model"] for g in groups], ["res.partner"],
                         "only the follower of the readable contact is counted")
        with self.assertRaises(AccessError):
            self.follower_hidden.with_user(self.employee).read(["name", "email"])
        with self.assertRaises(AccessError):
            self.follower_hidden.with_user(self.employee).web_read({"email": {}, "name": {}})

    def test_U5_portal_cannot_read_followers(self):
        with self.assertRaises(AccessError):
            self.env["mail.followers"].with_user(self.portal).search([("partner_id", "=", self.secret.id)])
        with self.assertRaises(AccessError):
            self.follower_visible.with_user(self.portal).read(["email"])

    def test_U5_chatter_followers_of_readable_record_still_shown(self):
        # the follower list of the chatter (the same server method the web client calls)
        store = self.visible_thread.with_user(self.employee).message_get_followers()
        emails = [f.get("email") for f in store["mail.followers"]]
        self.assertIn("secret.person@example.com", emails)
        self.assertEqual(
            self.follower_visible.with_user(self.employee).read(["email"])[0]["email"],
            "secret.person@example.com",
        )
        self.assertEqual(self.visible_thread.with_user(self.employee).message_follower_ids, self.follower_visible)
        # his own subscriptions stay visible, whatever he follows
        self.assertEqual(self.follower_own.with_user(self.employee).read(["res_model"])[0]["res_model"],
                         "discuss.channel")
        # the member of the private chat sees its followers
        self.assertIn(
            self.follower_hidden,
            self.env["mail.followers"].with_user(self.colleague).search([("res_id", "=", self.hidden_thread.id)]),
        )


@tagged("post_install", "-at_install")
class TestNotificationScope(StockScopeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Message = cls.env["mail.message"]
        Notification = cls.env["mail.notification"]
        cls.hidden_message = Message.create({
            "model": "discuss.channel", "res_id": cls.hidden_thread.id, "message_type": "comment",
            "body": "Private words", "author_id": cls.colleague.partner_id.id,
        })
        cls.notif_hidden = Notification.create({
            "mail_message_id": cls.hidden_message.id, "res_partner_id": cls.secret.id,
            "notification_type": "email", "notification_status": "sent",
            "author_id": cls.colleague.partner_id.id,
        })
        # the employee was notified of another message of that chat (e.g. mentioned): his inbox
        # shows it, and he may see who else received that one
        cls.mention_message = Message.create({
            "model": "discuss.channel", "res_id": cls.hidden_thread.id, "message_type": "comment",
            "body": "Mention", "author_id": cls.colleague.partner_id.id,
        })
        cls.notif_own = Notification.create({
            "mail_message_id": cls.mention_message.id, "res_partner_id": cls.employee.partner_id.id,
            "notification_type": "inbox", "is_read": False, "author_id": cls.colleague.partner_id.id,
        })
        cls.visible_message = Message.create({
            "model": "res.partner", "res_id": cls.visible_thread.id, "message_type": "comment",
            "body": "About the shared contact", "author_id": cls.colleague.partner_id.id,
        })
        cls.notif_visible = Notification.create({
            "mail_message_id": cls.visible_message.id, "res_partner_id": cls.secret.id,
            "notification_type": "email", "notification_status": "sent",
            "author_id": cls.colleague.partner_id.id,
        })
        # a message the employee wrote on a record he can no longer read, whose email bounced
        cls.authored_message = Message.create({
            "model": "discuss.channel", "res_id": cls.hidden_thread.id, "message_type": "comment",
            "body": "My words", "author_id": cls.employee.partner_id.id,
        })
        cls.notif_failed = Notification.create({
            "mail_message_id": cls.authored_message.id, "res_partner_id": cls.secret.id,
            "notification_type": "email", "notification_status": "exception",
            "failure_type": "mail_smtp", "author_id": cls.employee.partner_id.id,
        })
        cls.notif_portal = Notification.create({
            "mail_message_id": cls.visible_message.id, "res_partner_id": cls.portal.partner_id.id,
            "notification_type": "email", "notification_status": "sent",
            "author_id": cls.colleague.partner_id.id,
        })

    def test_S4_employee_cannot_read_notifications_of_unreadable_messages(self):
        Notification = self.env["mail.notification"].with_user(self.employee)
        found = Notification.search([("res_partner_id", "=", self.secret.id)])
        self.assertNotIn(self.notif_hidden, found)
        self.assertFalse(Notification.search([("id", "=", self.notif_hidden.id)]))
        self.assertNotIn(self.notif_hidden.id, [r["id"] for r in Notification.search_read([], ["res_partner_id"])])
        groups = Notification.read_group(
            [("mail_message_id", "=", self.hidden_message.id)], ["res_partner_id"], ["res_partner_id"]
        )
        self.assertFalse(groups)
        with self.assertRaises(AccessError):
            self.notif_hidden.with_user(self.employee).read(["res_partner_id", "mail_message_id"])

    def test_S4_portal_sees_only_notifications_addressed_to_him(self):
        Notification = self.env["mail.notification"].with_user(self.portal)
        self.assertEqual(Notification.search([("mail_message_id", "=", self.visible_message.id)]), self.notif_portal)
        self.assertFalse(Notification.search([("res_partner_id", "=", self.secret.id)]))
        with self.assertRaises(AccessError):
            self.notif_visible.with_user(self.portal).read(["res_partner_id"])
        self.assertEqual(self.notif_portal.with_user(self.portal).read(["notification_status"])[0]
                         ["notification_status"], "sent")

    def test_S4_entitled_users_still_see_notifications(self):
        Notification = self.env["mail.notification"].with_user(self.employee)
        # notified himself: the inbox
        self.assertIn(self.notif_own, Notification.search([("res_partner_id", "=", self.employee.partner_id.id)]))
        self.assertIn(self.mention_message, self.env["mail.message"].with_user(self.employee).search(
            [("needaction", "=", True)]))
        # the delivery status of a message he can read (the chatter's envelope)
        self.assertIn(self.notif_visible, self.visible_message.with_user(self.employee).notification_ids)
        # failures of his own messages
        self.assertIn(self.notif_failed, Notification.search([("notification_status", "=", "exception")]))
        self.assertEqual(
            self.authored_message.with_user(self.employee).notification_ids.read(["failure_type"])[0]["failure_type"],
            "mail_smtp",
        )
        # the member of the private chat sees every notification of its messages
        self.assertEqual(
            self.hidden_message.with_user(self.colleague).notification_ids, self.notif_hidden
        )
        self.assertEqual(self.mention_message.with_user(self.colleague).notification_ids, self.notif_own)


@tagged("post_install", "-at_install")
class TestCalendarScope(StockScopeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # events of others may be hidden by rules (as the birthdays of union members are):
        # here, a global rule that shows an employee only the events he organises or attends
        cls.env["ir.rule"].create({
            "name": "test: own events only",
            "model_id": cls.env["ir.model"]._get_id("calendar.event"),
            "domain_force": "['|', ('user_id', '=', user.id), ('partner_ids', 'in', user.partner_id.ids)]",
        })
        Event = cls.env["calendar.event"]
        cls.hidden_event = Event.create({
            "name": "Birthday: Secret Person",
            "user_id": cls.colleague.id,
            "start": "2026-03-10 08:00:00", "stop": "2026-03-10 09:00:00",
            "partner_ids": [Command.set([cls.colleague.partner_id.id, cls.secret.id])],
            "recurrency": True, "rrule_type": "yearly", "interval": 1, "end_type": "count", "count": 3,
        })
        cls.hidden_recurrence = cls.hidden_event.recurrence_id
        cls.hidden_attendee = cls.hidden_event.attendee_ids.filtered(lambda a: a.partner_id == cls.secret)
        cls.shared_event = Event.create({
            "name": "Team meeting",
            "user_id": cls.colleague.id,
            "start": "2026-03-11 08:00:00", "stop": "2026-03-11 09:00:00",
            "partner_ids": [Command.set([cls.colleague.partner_id.id, cls.employee.partner_id.id,
                                         cls.secret.id])],
        })

    def test_U6_employee_cannot_read_attendees_of_unreadable_events(self):
        self.assertTrue(self.hidden_attendee)
        Attendee = self.env["calendar.attendee"].with_user(self.employee)
        self.assertNotIn(self.hidden_attendee, Attendee.search([("partner_id", "=", self.secret.id)]))
        self.assertFalse(Attendee.search_read([("event_id", "in", self.hidden_event.recurrence_id.calendar_event_ids.ids)],
                                              ["email", "phone"]))
        self.assertFalse(Attendee.read_group([("email", "=", "secret.person@example.com"),
                                              ("event_id", "=", self.hidden_event.id)], ["state"], ["state"]))
        with self.assertRaises(AccessError):
            self.hidden_attendee.with_user(self.employee).read(["email", "phone", "access_token"])
        with self.assertRaises(AccessError):
            self.hidden_attendee.with_user(self.employee).write({"state": "declined"})

    def test_U6_employee_cannot_create_attendee_for_unreadable_contact(self):
        own_event = self.env["calendar.event"].with_user(self.employee).create({
            "name": "My call", "start": "2026-03-12 08:00:00", "stop": "2026-03-12 09:00:00",
        })
        Attendee = self.env["calendar.attendee"].with_user(self.employee)
        with self.assertRaises(AccessError):
            Attendee.create({"event_id": own_event.id, "partner_id": self.secret.id})
        with self.assertRaises(AccessError):
            own_event.write({"partner_ids": [Command.link(self.secret.id)]})
        with self.assertRaises(AccessError):
            Attendee.create({"event_id": self.hidden_event.id, "partner_id": self.employee.partner_id.id})
        self.assertNotIn(self.secret, own_event.sudo().attendee_ids.partner_id)

    def test_U6_employee_cannot_read_recurrence_of_unreadable_event(self):
        Recurrence = self.env["calendar.recurrence"].with_user(self.employee)
        self.assertTrue(self.hidden_recurrence)
        self.assertNotIn(self.hidden_recurrence, Recurrence.search([]))
        self.assertFalse(Recurrence.search_count([("id", "=", self.hidden_recurrence.id)]))
        self.assertFalse(Recurrence.read_group([("id", "=", self.hidden_recurrence.id)], ["rrule_type"], ["rrule_type"]))
        with self.assertRaises(AccessError):
            self.hidden_recurrence.with_user(self.employee).read(["name", "base_event_id"])
        with self.assertRaises(AccessError):
            self.hidden_recurrence.with_user(self.employee).write({"count": 50})
        own_event = self.env["calendar.event"].with_user(self.employee).create({
            "name": "My call", "start": "2026-03-12 08:00:00", "stop": "2026-03-12 09:00:00",
        })
        with self.assertRaises(AccessError):
            Recurrence.create({"base_event_id": self.hidden_event.id, "rrule_type": "yearly"})
        own = own_event.with_user(self.employee)
        own.write({"recurrency": True, "rrule_type": "daily", "count": 2})
        with self.assertRaises(AccessError):
            own.recurrence_id.write({"base_event_id": self.hidden_event.id})

    def test_U6_portal_cannot_read_attendees_or_recurrences(self):
        with self.assertRaises(AccessError):
            self.env["calendar.attendee"].with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            self.env["calendar.recurrence"].with_user(self.portal).search([])

    def test_U6_calendar_still_works_for_attendees_and_organisers(self):
        # the event form's attendee list (the server method of the attendee widget)
        partners = self.shared_event.partner_ids.with_user(self.employee)
        details = partners.get_attendee_detail(self.shared_event.ids)
        self.assertEqual({d["id"] for d in details}, set(self.shared_event.partner_ids.ids))
        attendees = self.shared_event.with_user(self.employee).attendee_ids
        self.assertEqual(attendees.partner_id, self.shared_event.partner_ids)
        self.assertIn("secret.person@example.com", attendees.mapped("email"))
        # the organiser of the hidden event sees and manages its attendees and recurrence
        hidden = self.hidden_event.with_user(self.colleague)
        self.assertIn(self.hidden_attendee, hidden.attendee_ids)
        self.assertEqual(self.hidden_recurrence.with_user(self.colleague).read(["rrule_type"])[0]["rrule_type"],
                         "yearly")
        hidden.write({"partner_ids": [Command.unlink(self.secret.id)]})
        self.assertFalse(self.hidden_attendee.exists())
        # the employee answers his own invitation, and creates recurring events with colleagues
        mine = attendees.filtered(lambda a: a.partner_id == self.employee.partner_id)
        mine.do_accept()
        self.assertEqual(mine.state, "accepted")
        event = self.env["calendar.event"].with_user(self.employee).create({
            "name": "Weekly sync", "start": "2026-03-13 08:00:00", "stop": "2026-03-13 09:00:00",
            "partner_ids": [Command.set([self.employee.partner_id.id, self.colleague.partner_id.id])],
            "recurrency": True, "rrule_type": "daily", "interval": 1, "end_type": "count", "count": 2,
        })
        self.assertEqual(len(event.recurrence_id.calendar_event_ids), 2)
        self.assertEqual(len(event.recurrence_id.calendar_event_ids.attendee_ids), 4)


@tagged("post_install", "-at_install")
class TestStockScopeRoutes(HttpCase, StockScopeCase):
    def test_U5_S4_chatter_and_inbox_routes_for_entitled_user(self):
        self.env["mail.notification"].create({
            "mail_message_id": self.env["mail.message"].create({
                "model": "discuss.channel", "res_id": self.hidden_thread.id, "message_type": "comment",
                "body": "You were mentioned", "author_id": self.colleague.partner_id.id,
            }).id,
            "res_partner_id": self.employee.partner_id.id, "notification_type": "inbox",
            "author_id": self.colleague.partner_id.id,
        })
        self.authenticate("scope_employee", "scope_employee")
        data = self.make_jsonrpc_request("/mail/thread/data", {
            "thread_model": "res.partner", "thread_id": self.visible_thread.id, "request_list": ["followers"],
        })
        self.assertIn("secret.person@example.com", [f.get("email") for f in data.get("mail.followers", [])])
        data = self.make_jsonrpc_request("/mail/thread/data", {
            "thread_model": "discuss.channel", "thread_id": self.hidden_thread.id, "request_list": ["followers"],
        })
        self.assertNotIn("secret.person@example.com", [f.get("email") for f in data.get("mail.followers", [])])
        inbox = self.make_jsonrpc_request("/mail/inbox/messages", {})
        bodies = [m.get("body") for m in inbox["data"].get("mail.message", [])]
        self.assertTrue(any("You were mentioned" in str(body) for body in bodies))
        notified = [n for n in inbox["data"].get("mail.notification", [])]
        self.assertTrue(notified)


@tagged("post_install", "-at_install")
class TestOtherStockScopes(StockScopeCase):
    def test_ratings_only_through_the_rated_record(self):
        Rating = self.env["rating.rating"]
        hidden = Rating.create({
            "res_model_id": self.env["ir.model"]._get_id("discuss.channel"), "res_id": self.hidden_thread.id,
            "partner_id": self.secret.id, "rating": 1, "feedback": "Terrible service", "consumed": True,
        })
        visible = Rating.create({
            "res_model_id": self.env["ir.model"]._get_id("res.partner"), "res_id": self.visible_thread.id,
            "partner_id": self.secret.id, "rating": 5, "feedback": "Fine", "consumed": True,
        })
        as_employee = Rating.with_user(self.employee)
        found = as_employee.search([("partner_id", "=", self.secret.id)])
        self.assertEqual(found, visible)
        self.assertEqual(as_employee.search_count([("feedback", "=", "Terrible service")]), 0)
        with self.assertRaises(AccessError):
            hidden.with_user(self.employee).read(["res_name", "feedback", "access_token"])
        self.assertEqual(visible.with_user(self.employee).read(["feedback"])[0]["feedback"], "Fine")
        self.assertIn(hidden, Rating.with_user(self.colleague).search([("partner_id", "=", self.secret.id)]))

    def test_letters_only_for_their_sender_or_the_document(self):
        Letter = self.env["snailmail.letter"]
        values = {"partner_id": self.secret.id, "street": "Secret street 1", "city": "Moscow"}
        hidden = Letter.create(dict(values, model="discuss.channel", res_id=self.hidden_thread.id,
                                    user_id=self.colleague.id))
        visible = Letter.create(dict(values, model="res.partner", res_id=self.visible_thread.id,
                                     user_id=self.colleague.id))
        mine = Letter.create(dict(values, model="discuss.channel", res_id=self.hidden_thread.id,
                                  user_id=self.employee.id))
        found = Letter.with_user(self.employee).search([("partner_id", "=", self.secret.id)])
        self.assertEqual(found, visible | mine)
        with self.assertRaises(AccessError):
            hidden.with_user(self.employee).read(["street", "partner_id"])
        self.assertEqual(mine.with_user(self.employee).read(["res_id"])[0]["res_id"], self.hidden_thread.id)

    def test_calendar_filters_are_personal(self):
        Filters = self.env["calendar.filters"]
        theirs = Filters.create({"user_id": self.colleague.id, "partner_id": self.secret.id})
        mine = Filters.with_user(self.employee).create({
            "user_id": self.employee.id, "partner_id": self.colleague.partner_id.id,
        })
        found = Filters.with_user(self.employee).search([])
        self.assertIn(mine, found)
        self.assertNotIn(theirs, found)
        with self.assertRaises(AccessError):
            theirs.with_user(self.employee).read(["partner_id"])

    def test_presence_of_other_clients_hidden_from_portal(self):
        Presence = self.env["bus.presence"]
        other_portal = new_test_user(self.env, login="scope_portal_other", groups="base.group_portal")
        theirs = Presence.create({"user_id": other_portal.id, "status": "online"})
        staff = Presence.create({"user_id": self.colleague.id, "status": "online"})
        found = Presence.with_user(self.portal).search([])
        self.assertNotIn(theirs, found)
        self.assertIn(staff, found)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal).read(["user_id"])
        with self.assertRaises(AccessError):
            staff.with_user(self.portal).write({"status": "offline"})
        with self.assertRaises(AccessError):
            staff.with_user(self.employee).write({"status": "offline"})
        # the bus updates one's own presence, as the user
        Presence.with_user(self.portal)._update_presence(0, identity_field="user_id", identity_value=self.portal.id)
        self.assertEqual(Presence.search([("user_id", "=", self.portal.id)]).status, "online")
        self.assertIn(theirs, Presence.with_user(self.employee).search([]), "Discuss shows every user's status")
