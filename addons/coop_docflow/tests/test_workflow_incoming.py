from datetime import timedelta

from odoo.addons.coop_base.tools import job_lang
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import format_date

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestIncomingWorkflow(DocflowCase):
    def test_incoming_through_deputy_end_to_end(self):
        today = self._today()
        doc = self._new_doc(
            "incoming",
            title="Complaint about wage arrears",
            sender_date=today - timedelta(days=2),
            medium="email",
        )
        doc.action_register()
        self.assertTrue(doc.name.startswith("Вх-"))
        doc.action_send_to_chairman()
        self.assertEqual(doc.state, "on_resolution")
        self.assertIn(self.chairman, doc.activity_ids.user_id)
        # only the chairman writes the first resolution
        for user in (self.secretary, self.deputy, self.executor1):
            with self.assertRaises(AccessError):
                doc.with_user(user).action_add_resolution()
            with self.assertRaises(AccessError):
                self._resolve(doc, user, executors=self.executor1)
        self.assertFalse(doc.resolution_ids)
        action = doc.with_user(self.chairman).action_add_resolution()
        self.assertEqual(action["res_model"], "coop.document.resolution.wizard")
        # the chairman delegates to the deputy
        deadline = today + timedelta(days=10)
        self._resolve(
            doc, self.chairman, text="Check and name executors", deputy=self.deputy, deadline=deadline
        )
        self.assertEqual(doc.state, "on_resolution")
        self.assertEqual(doc.resolution_ids.deputy_id, self.deputy)
        self.assertIn(self.deputy, doc.activity_ids.user_id)
        self.assertTrue(doc.with_user(self.deputy).can_resolve)
        # the deputy names the executors
        self._resolve(
            doc,
            self.deputy,
            text="Prepare an answer",
            executors=self.executor1 | self.executor2,
            deadline=deadline,
        )
        self.assertEqual(doc.state, "in_execution")
        self.assertEqual(doc.deadline, deadline)
        self.assertEqual(doc.priority, "1")
        self.assertEqual(doc.assignment_ids.executor_id, self.executor1 | self.executor2)
        self.assertEqual(
            doc.with_user(self.executor1)
            .activity_ids.filtered(lambda a: a.user_id == self.executor1)
            .date_deadline,
            deadline,
        )
        mine = doc.assignment_ids.filtered(lambda a: a.executor_id == self.executor1)
        theirs = doc.assignment_ids - mine
        # an executor cannot complete someone else's assignment
        with self.assertRaises(AccessError):
            theirs.with_user(self.executor1).action_done(report="Done for you")
        with self.assertRaises(AccessError):
            theirs.with_user(self.executor1).write({"report": "Done for you"})
        self.assertEqual(theirs.state, "new")
        # nor move the deadline of their own
        with self.assertRaises(AccessError):
            mine.with_user(self.executor1).write({"deadline": deadline + timedelta(days=30)})
        action = doc.with_user(self.executor1).action_open_my_assignment()
        self.assertEqual(action["res_id"], mine.id)
        with self.assertRaises(UserError):
            doc.with_user(self.secretary).action_open_my_assignment()
        mine.with_user(self.executor1).action_start()
        self.assertEqual(mine.state, "in_progress")
        # a report is required
        with self.assertRaises(ValidationError):
            mine.with_user(self.executor1).action_done()
        self.assertEqual(mine.state, "in_progress")
        mine.with_user(self.executor1).write({"report": "Answer drafted"})
        mine.with_user(self.executor1).action_done()
        self.assertEqual(mine.state, "done")
        self.assertTrue(mine.date_done)
        with self.assertRaises(UserError):
            mine.with_user(self.executor1).action_done(report="again")
        self.assertEqual(doc.state, "in_execution")
        theirs.with_user(self.executor2).action_done(report="Employer contacted")
        self.assertEqual(doc.state, "executed")
        self.assertFalse(doc.activity_ids.filtered(lambda a: a.user_id in self.executor1 | self.executor2))
        self.assertIn(self.secretary, doc.activity_ids.user_id)
        doc.action_done()
        self.assertEqual(doc.state, "done")
        self.assertTrue(doc.message_ids.filtered(lambda m: "Employer contacted" in (m.body or "")))

    def test_resolution_bad_input(self):
        doc = self._sent("incoming")
        today = self._today()
        with self.assertRaises(ValidationError):
            self._resolve(doc, self.chairman, executors=self.executor1, deadline=today - timedelta(days=1))
        with self.assertRaises(ValidationError):
            self._resolve(doc, self.chairman, text=" ", executors=self.executor1)
        with self.assertRaises(ValidationError):
            doc.with_user(self.chairman)._add_resolution("Both", executors=self.executor1, deputy=self.deputy)
        with self.assertRaises(ValidationError):
            self._resolve(doc, self.chairman, deputy=self.executor1)
        self.assertFalse(doc.resolution_ids)
        self.assertFalse(doc.assignment_ids)
        self.assertEqual(doc.state, "on_resolution")
        # the deputy cannot delegate further, even once delegated
        self._resolve(doc, self.chairman, deputy=self.deputy)
        with self.assertRaises(AccessError):
            self._resolve(doc, self.deputy, deputy=self.deputy)
        # and internal documents take no resolution
        internal = self._sent("internal")
        with self.assertRaises(UserError):
            internal.with_user(self.chairman).action_add_resolution()

    def test_resolution_wizard_form(self):
        doc = self._sent("incoming")
        action = doc.with_user(self.chairman).action_add_resolution()
        wizard_form = Form(
            self.env["coop.document.resolution.wizard"]
            .with_user(self.chairman)
            .with_context(**action["context"])
        )
        wizard_form.text = "Answer within a week"
        wizard_form.executor_ids.add(self.executor2)
        wizard_form.save().action_confirm()
        self.assertEqual(doc.state, "in_execution")
        self.assertEqual(doc.assignment_ids.executor_id, self.executor2)
        self.assertEqual(doc.resolution_ids.author_id, self.chairman)

    def test_overdue_flag_and_activities(self):
        doc = self._sent("incoming")
        self._resolve(doc, self.chairman, executors=self.executor1 | self.executor2)
        late, on_time = doc.assignment_ids
        today = self._today()
        late.with_user(self.chairman).write({"deadline": today - timedelta(days=1)})
        on_time.with_user(self.chairman).write({"deadline": today + timedelta(days=1)})
        before = doc.activity_ids
        flagged = self.env["coop.document.assignment"]._cron_flag_overdue()
        self.assertIn(late, flagged)
        self.assertNotIn(on_time, flagged)
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        overdue_activities = doc.activity_ids - before
        # written in the database's language, the date as its reader writes it (not ISO)
        job_env = self.env(context=dict(self.env.context, lang=self.env.lang or job_lang(self.env)))
        for activity in overdue_activities:
            self.assertIn(format_date(job_env, late.deadline), activity.summary)
            self.assertNotIn(late.deadline.isoformat(), activity.summary)
        # the chairman of the document's office, not the chairmen of other offices
        self.assertEqual(doc._chairmen(), self.chairman)
        self.assertEqual(overdue_activities.user_id, late.executor_id | self.chairman)
        # flagged once, not every run
        self.assertFalse(self.env["coop.document.assignment"]._cron_flag_overdue() & late)
        late.with_user(late.executor_id).action_done(report="Done late")
        self.assertFalse(late.is_overdue)
        self.assertTrue(late.done_late)
