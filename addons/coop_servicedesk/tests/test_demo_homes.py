from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoHomes(TransactionCase):
    """Each demo person of the cooperative lands on his own work and holds his job's groups only."""

    HOMES = {
        "coop_circles.user_demo_coordinator": "coop_crm.action_coop_crm_leads",
        "coop_crm.user_demo_coordinator_polikarpov": "coop_crm.action_coop_crm_leads",
        "coop_circles.user_demo_pentester": "coop_crm.action_coop_crm_leads",
        "coop_circles.user_demo_compliance": "coop_crm.action_coop_crm_leads",
        "coop_circles.user_demo_appsec": "coop_crm.action_coop_crm_leads",
        "coop_circles.user_demo_pentest_lead": "coop_crm.action_coop_crm_leads",
        "coop_circles.user_demo_chairman": "coop_circles.action_coop_role_assignment_to_approve",
        "coop_circles.user_demo_sysadmin": "helpdesk_mgmt.helpdesk_my_tickets_action",
        "coop_circles.user_demo_accountant": "helpdesk_mgmt.helpdesk_my_tickets_action",
        "coop_circles.user_demo_lawyer": "helpdesk_mgmt.helpdesk_my_tickets_action",
        "coop_circles.user_demo_normcontrol": "helpdesk_mgmt.helpdesk_my_tickets_action",
        "coop_circles.user_demo_hr": "coop_circles.action_coop_role_assignment",
    }

    def test_everyone_lands_on_his_work(self):
        for xmlid, action_xmlid in self.HOMES.items():
            user = self.env.ref(xmlid)
            action = self.env.ref(action_xmlid)
            self.assertEqual(user.action_id.id, action.id, xmlid)
            # the home opens for him: he may read what it lists
            self.assertTrue(
                self.env["ir.model.access"].with_user(user).check(action.res_model, "read", False), xmlid
            )

    def test_groups_of_the_job_only(self):
        for xmlid in self.HOMES:
            user = self.env.ref(xmlid)
            for group in (
                "hr.group_hr_manager",
                "hr.group_hr_user",
                "sales_team.group_sale_manager",
                "mass_mailing.group_mass_mailing_user",
                "base.group_system",
            ):
                self.assertFalse(user.has_group(group), f"{xmlid} {group}")
        specialist = self.env.ref("coop_circles.user_demo_pentester")
        self.assertTrue(specialist.has_group("coop_crm.group_coop_crm_user"))
        self.assertFalse(specialist.has_group("project.group_project_manager"))
        self.assertFalse(specialist.has_group("helpdesk_mgmt.group_helpdesk_user_own"))
        agent = self.env.ref("coop_circles.user_demo_sysadmin")
        self.assertTrue(agent.has_group("helpdesk_mgmt.group_helpdesk_user_team"))
        self.assertFalse(agent.has_group("coop_crm.group_coop_crm_user"))
        self.assertFalse(agent.has_group("project.group_project_user"))
        coordinator = self.env.ref("coop_circles.user_demo_coordinator")
        self.assertTrue(coordinator.has_group("coop_circles.group_coop_coordinator"))
        self.assertTrue(coordinator.has_group("helpdesk_mgmt.group_helpdesk_manager"))
