from odoo.tests import TransactionCase, tagged

from ..models.coop_document import KANBAN_STATE_ORDER


@tagged("post_install", "-at_install")
class TestDocflowHome(TransactionCase):
    """The office's people land on what waits for them, in the document flow's own application."""

    def test_demo_people_land_on_their_documents(self):
        homes = {
            "coop_docflow.user_demo_chairman": "coop_docflow.action_coop_document_to_handle",
            "coop_docflow.user_demo_deputy": "coop_docflow.action_coop_document_to_handle",
            "coop_docflow.user_demo_secretary": "coop_docflow.action_coop_document",
            "coop_docflow.user_demo_executor1": "coop_docflow.action_coop_document_assignment_mine",
            "coop_docflow.user_demo_executor2": "coop_docflow.action_coop_document_assignment_mine",
        }
        root = self.env.ref("coop_docflow.menu_coop_docflow_root")
        self.assertFalse(root.parent_id)
        for xmlid, action in homes.items():
            user = self.env.ref(xmlid)
            self.assertEqual(user.action_id.id, self.env.ref(action).id, xmlid)
            self.assertIn(root, self.env["ir.ui.menu"].with_user(user).search([("parent_id", "=", False)]))
        chairman = self.env.ref("coop_docflow.user_demo_chairman")
        waiting = (
            self.env["ir.ui.menu"]
            .with_user(chairman)
            .search(
                [
                    (
                        "action",
                        "=",
                        "ir.actions.act_window,%d"
                        % self.env.ref(homes["coop_docflow.user_demo_chairman"]).id,
                    )
                ]
            )
        )
        self.assertTrue(waiting, "the chairman reaches what waits for him from the menu")

    def test_kanban_opens_on_work_not_on_done(self):
        """The kanban's columns follow the work, the closed states last."""
        Document = self.env["coop.document"]
        states = ["done", "in_execution", "rejected", "draft", "registered"]
        self.assertEqual(
            Document._group_expand_state(states, []),
            ["draft", "registered", "in_execution", "done", "rejected"],
        )
        order = [row["state"] for row in Document.read_group([], ["state"], ["state"])]
        self.assertIn("done", order)
        self.assertGreater(len(order), 2)
        self.assertEqual(order, [state for state in KANBAN_STATE_ORDER if state in order])
        self.assertNotEqual(order[0], "done")
