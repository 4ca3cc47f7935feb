from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestCircleWorkspace(CoopCrmCase):
    """A circle's workspace is seen by its members only: projects, tasks, chatter, attachments,
    followers and exports; another circle's member, a coordinator outside it and a portal user see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="ws_portal", groups="base.group_portal")
        cls.sub_circle = cls.env["coop.circle"].create(
            {"name": "Подкруг мобильных пентестов", "kind": "producing", "parent_id": cls.circle_pentest.id}
        )
        cls.mobile = new_test_user(
            cls.env,
            login="ws_mobile",
            name="Пётр Мобильный",
            groups="base.group_user,coop_crm.group_coop_crm_user",
        )
        cls.sub_circle.team_lead_id = cls.mobile
        # Those who may export at all: the export still shows nothing of the workspace.
        export = cls.env.ref("base.group_allow_export")
        export.users = [(4, u.id) for u in (cls.auditor, cls.coordinator, cls.mobile, cls.pentester)]
        cls.project = (
            cls.env["project.project"]
            .with_user(cls.pentester)
            .sudo()
            .create({"name": "Улучшения отчётов", "coop_workspace_circle_id": cls.circle_pentest.id})
        )
        cls.task = cls.env["project.task"].create(
            {
                "name": "Шаблон отчёта по пентесту",
                "project_id": cls.project.id,
                "user_ids": [(6, 0, cls.pentester.ids)],
            }
        )
        cls.task.message_post(body="Внутреннее обсуждение круга", message_type="comment")
        cls.attachment = cls.env["ir.attachment"].create(
            {"name": "шаблон.docx", "raw": b"x", "res_model": "project.task", "res_id": cls.task.id}
        )

    def test_member_sees_and_works(self):
        Task = self.env["project.task"].with_user(self.pentester)
        self.assertEqual(Task.search([("project_id", "=", self.project.id)]), self.task)
        task = Task.create({"name": "Чек-лист", "project_id": self.project.id})
        task.message_post(body="Готово", message_type="comment")
        self.assertEqual(
            self.task.with_user(self.pentester).export_data(["name"])["datas"],
            [["Шаблон отчёта по пентесту"]],
        )
        self.assertTrue(
            self.env["ir.attachment"].with_user(self.pentester).search([("id", "=", self.attachment.id)])
        )
        self.assertIn(self.project, self.circle_pentest.with_user(self.pentester).workspace_project_ids)

    def test_other_circle_coordinator_subcircle_and_portal_see_nothing(self):
        for user in (self.auditor, self.coordinator, self.mobile, self.portal):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["project.project"].with_user(user).search([("id", "=", self.project.id)])
                )
                self.assertFalse(self.env["project.task"].with_user(user).search([("id", "=", self.task.id)]))
                with self.assertRaises(AccessError):
                    self.task.with_user(user).read(["name"])
                with self.assertRaises(UserError if user == self.portal else AccessError):
                    self.task.with_user(user).export_data(["name", "description"])
                self.assertFalse(
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", "project.task"), ("res_id", "=", self.task.id)])
                )
                if user != self.portal:  # portal users have no access to attachments at all
                    self.assertFalse(
                        self.env["ir.attachment"].with_user(user).search([("id", "=", self.attachment.id)])
                    )
                with self.assertRaises(AccessError):
                    self.attachment.with_user(user).read(["datas"])
                if user != self.portal:  # nor to followers
                    self.assertFalse(
                        self.env["mail.followers"]
                        .with_user(user)
                        .search([("res_model", "=", "project.task"), ("res_id", "=", self.task.id)])
                    )

    def test_followers_and_assignees_are_members(self):
        with self.assertRaises(UserError):
            self.task.with_user(self.pentester).message_subscribe(partner_ids=self.auditor.partner_id.ids)
        with self.assertRaises(UserError):
            self.project.with_user(self.pentester).message_subscribe(partner_ids=self.portal.partner_id.ids)
        with self.assertRaises(UserError):
            self.task.with_user(self.pentester).write({"user_ids": [(4, self.auditor.id)]})
        self.assertNotIn(self.auditor.partner_id, self.task.message_partner_ids)
        self.assertNotIn(self.auditor, self.task.user_ids)

    def test_only_members_put_projects_in_a_workspace(self):
        with self.assertRaises(AccessError):
            self.env["project.project"].with_user(self.coordinator).create(
                {"name": "Чужой проект", "coop_workspace_circle_id": self.circle_pentest.id}
            )
        project = (
            self.env["project.project"].with_user(self.coordinator).create({"name": "Проект координаторов"})
        )
        with self.assertRaises(AccessError):
            project.with_user(self.coordinator).write({"coop_workspace_circle_id": self.circle_compliance.id})
        # The sub-circle has a workspace of its own, seen by its members.
        own = (
            self.env["project.project"]
            .sudo()
            .create({"name": "Мобильные стенды", "coop_workspace_circle_id": self.sub_circle.id})
        )
        self.assertTrue(self.env["project.project"].with_user(self.mobile).search([("id", "=", own.id)]))
        self.assertFalse(self.env["project.project"].with_user(self.pentester).search([("id", "=", own.id)]))
