import xmlrpc.client

from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDocflowTours(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,coop_docflow.group_docflow_%s"
        cls.secretary = new_test_user(cls.env, login="tour_secretary", groups=groups % "secretary")
        cls.chairman = new_test_user(cls.env, login="tour_chairman", groups=groups % "chairman")
        cls.executor = new_test_user(cls.env, login="tour_executor", name="Исполнитель Тура")
        cls.sender = cls.env["res.partner"].create({"name": "Tour Ministry"})
        # a regional office of their own, with its journals, under the head office
        cls.office = cls.env["coop.docflow.office"].create(
            {
                "name": "Тур-обком",
                "parent_id": cls.env.ref("coop_docflow.office_main").id,
                "chairman_id": cls.chairman.id,
                "secretary_ids": [(4, cls.secretary.id)],
                "executor_ids": [(4, cls.executor.id)],
                "journal_ids": [
                    (0, 0, {"name": "Тур %s" % doc_type, "doc_type": doc_type, "prefix": "ТУР-%s" % prefix})
                    for doc_type, prefix in (("internal", "Вн"), ("incoming", "Вх"), ("outgoing", "Исх"))
                ],
            }
        )

    def _document(self, doc_type, **vals):
        doc = (
            self.env["coop.document"]
            .with_user(self.secretary)
            .create(dict({"title": "Tour %s" % doc_type, "doc_type": doc_type}, **vals))
        )
        doc.action_register()
        doc.action_send_to_chairman()
        return doc

    def test_tour_internal(self):
        self.start_tour(
            "/odoo/action-coop_docflow.action_coop_document_internal/new",
            "coop_docflow_internal_tour",
            login="tour_secretary",
        )
        doc = self.env["coop.document"].search([("title", "=", "Приказ о дежурных днях")])
        self.assertEqual(doc.state, "on_signature")
        self.assertEqual(doc.office_id, self.office)
        self.assertTrue(doc.name.startswith("ТУР-Вн-"))
        self.assertEqual(doc.registrar_id, self.secretary)

    def test_tour_incoming(self):
        doc = self._document("incoming", sender_id=self.sender.id)
        self.start_tour(
            "/odoo/action-coop_docflow.action_coop_document_incoming/%s" % doc.id,
            "coop_docflow_incoming_tour",
            login="tour_chairman",
        )
        self.assertEqual(doc.state, "in_execution")
        self.assertEqual(doc.assignment_ids.executor_id, self.executor)
        self.assertEqual(doc.resolution_ids.author_id, self.chairman)

    def test_tour_outgoing(self):
        doc = self._document("outgoing", recipient_ids=[(6, 0, self.sender.ids)])
        doc.with_user(self.chairman).action_sign()
        self.start_tour(
            "/odoo/action-coop_docflow.action_coop_document_outgoing/%s" % doc.id,
            "coop_docflow_outgoing_tour",
            login="tour_secretary",
        )
        self.assertEqual(doc.state, "dispatched")
        self.assertEqual(doc.dispatch_method, "courier")

    def _rpc(self, login, method, doc):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, "coop.document", method, [[doc.id]]
        )

    def test_rpc_sign_only_by_chairman(self):
        doc = self._document("internal")
        for login in ("tour_secretary", "tour_executor"):
            with self.assertRaises(xmlrpc.client.Fault) as fault:
                self._rpc(login, "action_sign", doc)
            self.assertIn("Only the chairman can sign documents", fault.exception.faultString)
        self.assertEqual(doc.state, "on_signature")
        # nor does the chairman of another office (here the head office's)
        head_chairman = new_test_user(self.env, login="tour_head_chairman", groups="base.group_user")
        self.env.ref("coop_docflow.office_main").chairman_id = head_chairman
        with self.assertRaises(xmlrpc.client.Fault) as fault:
            self._rpc("tour_head_chairman", "action_sign", doc)
        self.assertIn("Тур-обком", fault.exception.faultString)
        self.assertEqual(doc.state, "on_signature")
        self._rpc("tour_chairman", "action_sign", doc)
        self.assertEqual(doc.state, "signed")
