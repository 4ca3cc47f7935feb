from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestUnionHome(TransactionCase):
    """The union's people work in the "Union" application, the cooperative's in "Cooperative"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.union_root = cls.env.ref("coop_union.menu_coop_union_root")
        cls.coop_root = cls.env.ref("coop_base.menu_coop_root")
        cls.docflow_root = cls.env.ref("coop_docflow.menu_coop_docflow_root")
        cls.staff = new_test_user(cls.env, login="home_union_staff", groups="coop_union.group_union_user")
        cls.admin = new_test_user(cls.env, login="home_admin", groups="base.group_user,base.group_system")
        cls.employee = new_test_user(cls.env, login="home_employee", groups="base.group_user")

    def _apps(self, user):
        Menu = self.env["ir.ui.menu"].with_user(user)
        return Menu.search([("parent_id", "=", False)])

    def test_union_and_documents_are_applications(self):
        self.assertFalse(self.union_root.parent_id)
        self.assertFalse(self.docflow_root.parent_id)
        self.assertTrue(self.union_root.web_icon)
        self.assertTrue(self.docflow_root.web_icon)

    def test_union_staff_see_union_not_cooperative(self):
        apps = self._apps(self.staff)
        self.assertIn(self.union_root, apps)
        self.assertIn(self.docflow_root, apps)
        self.assertNotIn(self.coop_root, apps)
        # the office's documents are reached from the union's application too
        menus = self.env["ir.ui.menu"].with_user(self.staff).search([("id", "child_of", self.union_root.id)])
        actions = menus.mapped("action")
        self.assertIn(self.env.ref("coop_docflow.action_coop_document_incoming"), actions)
        self.assertIn(self.env.ref("coop_docflow.action_coop_document_assignment_mine"), actions)
        self.assertIn(self.env.ref("coop_union.action_coop_union_member"), actions)
        # union staff run their organisation's mailings
        for xmlid in (
            "mass_mailing.mailing_mailing_action_mail",
            "mass_mailing_sms.mailing_mailing_action_sms",
            "mass_mailing.action_view_mass_mailing_lists",
            "coop_union.action_coop_union_greeting",
        ):
            self.assertIn(self.env.ref(xmlid), actions, xmlid)
        employee_menus = self.env["ir.ui.menu"].with_user(self.employee).search([])
        self.assertNotIn(self.env.ref("coop_union.menu_coop_union_mailings"), employee_menus)

    def test_others_do_not_see_union(self):
        self.assertNotIn(self.union_root, self._apps(self.employee))
        # an employee outside the union keeps the cooperative's application
        self.assertIn(self.coop_root, self._apps(self.employee))
        apps = self._apps(self.admin)
        self.assertIn(self.coop_root, apps)

    def test_union_staff_with_a_cooperative_job_keep_cooperative(self):
        self.staff.groups_id += self.env.ref("base.group_system")
        self.assertIn(self.coop_root, self._apps(self.staff))

    def test_demo_union_staff_land_on_their_work(self):
        for xmlid, action in (
            ("coop_union.user_federation", "coop_union.action_coop_union_appeal"),
            ("coop_union.user_regional_health", "coop_union.action_coop_union_member"),
            ("coop_union.user_primary_steel", "coop_union.action_coop_union_member"),
        ):
            user = self.env.ref(xmlid)
            self.assertEqual(user.action_id.id, self.env.ref(action).id, xmlid)
            self.assertIn(self.union_root, self._apps(user), xmlid)
            self.assertNotIn(self.coop_root, self._apps(user), xmlid)
            # the job's groups only
            self.assertFalse(user.has_group("hr.group_hr_user"), xmlid)
            self.assertFalse(user.has_group("project.group_project_manager"), xmlid)
            self.assertFalse(user.has_group("base.group_system"), xmlid)
        # every union staff user runs the mailings of his organisations
        self.assertTrue(
            self.env.ref("coop_union.user_federation").has_group("mass_mailing.group_mass_mailing_user")
        )
        self.assertTrue(
            self.env.ref("coop_union.user_primary_steel").has_group("mass_mailing.group_mass_mailing_user")
        )
