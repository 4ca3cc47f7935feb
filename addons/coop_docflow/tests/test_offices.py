from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .common import DocflowCase

RU = "ru_RU"


@tagged("post_install", "-at_install")
class TestOffices(DocflowCase):
    """Each office registers in its own journals, with its own numbers; its documents are seen
    by its people and by the offices above it, never beside it or below it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get(RU):
            cls.env["res.lang"]._activate_lang(RU)
        Office = cls.env["coop.docflow.office"]

        def user(login, name):
            return new_test_user(cls.env, login=login, name=name, groups="base.group_user")

        cls.secretary_a = user("t_secretary_a", "Secretary A")
        cls.chairman_a = user("t_chairman_a", "Chairman A")
        cls.secretary_b = user("t_secretary_b", "Secretary B")
        cls.chairman_b = user("t_chairman_b", "Chairman B")
        cls.deputy_b = user("t_deputy_b", "Deputy B")
        cls.secretary_a1 = user("t_secretary_a1", "Secretary A1")
        # deputy chairman of office A and secretary of office B
        cls.dual = user("t_dual", "Serves Two")
        cls.executor_a = user("t_executor_a", "Executor A")
        cls.office_a = Office.create(
            {
                "name": "Region A",
                "code": "T-A",
                "parent_id": cls.office.id,
                "chairman_id": cls.chairman_a.id,
                "deputy_ids": [(4, cls.dual.id)],
                "secretary_ids": [(4, cls.secretary_a.id)],
                "executor_ids": [(4, cls.executor_a.id)],
            }
        )
        cls.office_b = Office.create(
            {
                "name": "Region B",
                "code": "T-B",
                "parent_id": cls.office.id,
                "chairman_id": cls.chairman_b.id,
                "deputy_ids": [(4, cls.deputy_b.id)],
                "secretary_ids": [(4, cls.secretary_b.id), (4, cls.dual.id)],
            }
        )
        cls.office_a1 = Office.create(
            {"name": "Primary A1", "parent_id": cls.office_a.id, "secretary_ids": [(4, cls.secretary_a1.id)]}
        )
        Journal = cls.env["coop.document.journal"]
        kinds = (("internal", "Вн"), ("incoming", "Вх"), ("outgoing", "Исх"))
        for office, head in ((cls.office_a, "TA"), (cls.office_b, "TB"), (cls.office_a1, "TA1")):
            Journal.create(
                [
                    {
                        "name": f"{head} {doc_type}",
                        "office_id": office.id,
                        "doc_type": doc_type,
                        "prefix": f"{head}-{kind}",
                    }
                    for doc_type, kind in kinds
                ]
            )

    def _doc(self, user, office, doc_type="incoming", **vals):
        return self._new_doc(doc_type, user=user, office_id=office.id, **vals)

    def _reg(self, user, office, doc_type="incoming", **vals):
        doc = self._doc(user, office, doc_type, **vals)
        doc.with_user(user).action_register()
        return doc

    # ------------------------------------------------------------------ people and groups
    def test_roles_give_their_groups(self):
        """Adding a person to an office's role gives him the group of that kind of role."""
        self.assertTrue(self.secretary_a.has_group("coop_docflow.group_docflow_secretary"))
        self.assertTrue(self.chairman_a.has_group("coop_docflow.group_docflow_chairman"))
        self.assertTrue(self.dual.has_group("coop_docflow.group_docflow_deputy"))
        self.assertFalse(self.executor_a.has_group("coop_docflow.group_docflow_secretary"))
        newcomer = new_test_user(self.env, login="t_newcomer", name="Newcomer", groups="base.group_user")
        self.office_b.write({"secretary_ids": [(4, newcomer.id)]})
        self.assertTrue(newcomer.has_group("coop_docflow.group_docflow_secretary"))
        portal = new_test_user(self.env, login="t_portal_office", name="Portal", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            self.office_b.write({"executor_ids": [(4, portal.id)]})
        # only the document flow administrator configures offices
        with self.assertRaises(AccessError):
            self.office_b.with_user(self.chairman_b).write({"secretary_ids": [(4, self.executor_a.id)]})
        with self.assertRaises(AccessError):
            self.env["coop.docflow.office"].with_user(self.secretary_a).create({"name": "Own office"})

    # ------------------------------------------------------------------ journals and numbers
    def test_each_office_numbers_in_its_own_journal(self):
        year = self._today().year
        a1 = self._reg(self.secretary_a, self.office_a)
        a2 = self._reg(self.secretary_a, self.office_a)
        b1 = self._reg(self.secretary_b, self.office_b)
        head = self._reg(self.secretary, self.office)
        self.assertEqual(a1.name, f"TA-Вх-{year}-0001")
        self.assertEqual(a2.name, f"TA-Вх-{year}-0002")
        self.assertEqual(b1.name, f"TB-Вх-{year}-0001")
        self.assertTrue(head.name.startswith(f"Вх-{year}-"))
        self.assertEqual(a1.journal_id.office_id, self.office_a)
        self.assertEqual(b1.journal_id.office_id, self.office_b)
        self.assertEqual(a1.office_id, self.office_a)
        # one journal per office and type
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["coop.document.journal"].create(
                {"name": "Second", "office_id": self.office_a.id, "doc_type": "incoming", "prefix": "TA-X"}
            )

    def test_office_without_journal(self):
        office = self.env["coop.docflow.office"].create(
            {"name": "No journals", "parent_id": self.office.id, "secretary_ids": [(4, self.secretary_b.id)]}
        )
        doc = self._doc(self.secretary_b, office)
        with self.assertRaises(UserError) as caught:
            doc.with_user(self.secretary_b).with_context(lang=RU).action_register()
        self.assertIn("No journals", str(caught.exception))
        self.assertIn("нет журнала регистрации", str(caught.exception))
        self.assertEqual(doc.state, "draft")

    def test_journal_of_another_office_refused(self):
        doc_a = self._reg(self.secretary_a, self.office_a)
        journal_b = self.env["coop.document.journal"]._get_for(self.office_b, "incoming")
        with self.assertRaises(ValidationError) as caught:
            doc_a.with_context(lang=RU).sudo().write({"journal_id": journal_b.id})
        self.assertIn("Region B", str(caught.exception))
        self.assertIn("не может быть зарегистрирован", str(caught.exception))
        self.assertEqual(doc_a.journal_id.office_id, self.office_a)
        # nor can a registered document move to another office
        with self.assertRaises(UserError):
            doc_a.with_user(self.secretary_a).write({"office_id": self.office_b.id})
        self.assertEqual(doc_a.office_id, self.office_a)

    # ------------------------------------------------------------------ the document's office
    def test_default_and_chosen_office(self):
        Document = self.Document
        # one office: his own by default
        self.assertEqual(self._new_doc(user=self.secretary_a).office_id, self.office_a)
        self.assertEqual(self._new_doc(user=self.executor_a).office_id, self.office_a)
        # two offices: he chooses among them
        choices = Document.with_user(self.dual).new({"title": "x"}).office_choice_ids
        self.assertEqual(choices._origin, self.office_a | self.office_b)
        with self.assertRaises(ValidationError):
            Document.with_user(self.dual).create({"title": "Which office?", "doc_type": "internal"})
        doc = Document.with_user(self.dual).create(
            {"title": "For B", "doc_type": "internal", "office_id": self.office_b.id}
        )
        self.assertEqual(doc.office_id, self.office_b)
        # an office he does not serve is refused, on create and on write
        with self.assertRaises(AccessError):
            Document.with_user(self.secretary_a).create(
                {"title": "Into B", "doc_type": "internal", "office_id": self.office_b.id}
            )
        own = self._new_doc(user=self.secretary_a)
        with self.assertRaises(AccessError):
            own.with_user(self.secretary_a).write({"office_id": self.office_b.id})
        self.assertEqual(own.office_id, self.office_a)
        # nobody's office: the head office
        self.assertEqual(self._new_doc(user=self.outsider).office_id, self.office)

    # ------------------------------------------------------------------ visibility
    def _setup_documents(self):
        doc_a = self._reg(self.secretary_a, self.office_a)
        doc_b = self._reg(self.secretary_b, self.office_b)
        doc_a1 = self._reg(self.secretary_a1, self.office_a1)
        file_b = (
            self.env["ir.attachment"]
            .with_user(self.secretary_b)
            .create({"name": "b.pdf", "raw": b"%PDF", "res_model": "coop.document", "res_id": doc_b.id})
        )
        return doc_a, doc_b, doc_a1, file_b

    def _visible(self, user, docs):
        return self.Document.with_user(user).search([("id", "in", docs.ids)])

    def test_secretaries_do_not_see_each_others_documents(self):
        doc_a, doc_b, doc_a1, file_b = self._setup_documents()
        docs = doc_a | doc_b | doc_a1
        # his office and the offices below it
        self.assertEqual(self._visible(self.secretary_a, docs), doc_a | doc_a1)
        self.assertEqual(self._visible(self.secretary_b, docs), doc_b)
        # never upward
        self.assertEqual(self._visible(self.secretary_a1, docs), doc_a1)
        for user, foreign in (
            (self.secretary_a, doc_b),
            (self.secretary_b, doc_a),
            (self.secretary_a1, doc_a),
        ):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    foreign.with_user(user).read(["title"])
                with self.assertRaises(AccessError):
                    foreign.with_user(user).write({"summary": "Changed"})
                Document = self.Document.with_user(user)
                self.assertFalse(Document.name_search(foreign.name))
                groups = Document.read_group([("id", "in", docs.ids)], ["office_id"], ["office_id"])
                self.assertNotIn(foreign.office_id.id, [g["office_id"][0] for g in groups])
                with self.assertRaises(AccessError):
                    foreign.with_user(user).action_send_to_chairman()
        self.assertEqual(doc_b.summary, False)
        self.assertEqual(doc_b.state, "registered")
        # nor through the files
        with self.assertRaises(AccessError):
            file_b.with_user(self.secretary_a).read(["name"])
        self.assertFalse(
            self.env["ir.attachment"].with_user(self.secretary_a).search([("id", "=", file_b.id)])
        )
        self.assertEqual(file_b.with_user(self.secretary_b).read(["name"])[0]["name"], "b.pdf")

    def test_children_of_documents_follow_the_office(self):
        doc_b = self._reg(self.secretary_b, self.office_b)
        doc_b.with_user(self.secretary_b).action_send_to_chairman()
        self._resolve(doc_b, self.chairman_b, executors=self.executor1)
        for model in ("coop.document.resolution", "coop.document.assignment"):
            Model = self.env[model]
            with self.subTest(model=model):
                self.assertFalse(Model.with_user(self.secretary_a).search([("document_id", "=", doc_b.id)]))
                self.assertTrue(Model.with_user(self.secretary_b).search([("document_id", "=", doc_b.id)]))
                self.assertTrue(Model.with_user(self.secretary).search([("document_id", "=", doc_b.id)]))
        # the executor of another office's resolution sees what he executes
        self.assertEqual(self._visible(self.executor1, doc_b), doc_b)

    def test_head_office_reads_both(self):
        doc_a, doc_b, doc_a1, file_b = self._setup_documents()
        docs = doc_a | doc_b | doc_a1
        for user in (self.secretary, self.deputy, self.chairman):
            self.assertEqual(self._visible(user, docs), docs)
        self.assertEqual(file_b.with_user(self.secretary).read(["name"])[0]["name"], "b.pdf")
        # the administrator sees every office without a role in any
        admin = new_test_user(
            self.env,
            login="t_docflow_admin",
            name="Admin",
            groups="base.group_user,coop_docflow.group_docflow_admin",
        )
        self.assertEqual(self._visible(admin, docs), docs)
        # a secretary by group serving no office sees only his own documents
        loose = new_test_user(
            self.env,
            login="t_loose",
            name="Loose",
            groups="base.group_user,coop_docflow.group_docflow_secretary",
        )
        self.assertFalse(self._visible(loose, docs))

    def test_user_serving_two_offices_sees_both(self):
        doc_a, doc_b, doc_a1, _file = self._setup_documents()
        self.assertEqual(self._visible(self.dual, doc_a | doc_b | doc_a1), doc_a | doc_b | doc_a1)
        # leaving office A takes its documents away at once
        self.office_a.write({"deputy_ids": [(3, self.dual.id)]})
        self.assertEqual(self._visible(self.dual, doc_a | doc_b | doc_a1), doc_b)
        # an archived office gives its people nothing
        self.office_b.active = False
        self.assertFalse(self._visible(self.dual, doc_a | doc_b | doc_a1))

    # ------------------------------------------------------------------ the office's chairman
    def test_chairman_signs_only_his_office_documents(self):
        doc_b = self._reg(self.secretary_b, self.office_b, "internal")
        doc_b.with_user(self.secretary_b).action_send_to_chairman()
        self.assertIn(self.chairman_b, doc_b.activity_ids.user_id)
        self.assertNotIn(self.chairman, doc_b.activity_ids.user_id)
        # the chairman of another office, even of the office above, does not sign it
        for chairman in (self.chairman_a, self.chairman):
            with self.subTest(chairman=chairman.login):
                with self.assertRaises(AccessError):
                    doc_b.with_user(chairman).action_sign()
                with self.assertRaises(AccessError):
                    doc_b.with_user(chairman).action_reject(reason="No")
        # the head office's chairman reads it, and is told why he cannot sign it
        with self.assertRaises(AccessError) as caught:
            doc_b.with_user(self.chairman).with_context(lang=RU).action_sign()
        self.assertIn("Region B", str(caught.exception))
        self.assertIn("председатель", str(caught.exception))
        self.assertEqual(doc_b.state, "on_signature")
        self.assertFalse(doc_b.with_user(self.chairman).can_sign)
        self.assertTrue(doc_b.with_user(self.chairman_b).can_sign)
        doc_b.with_user(self.chairman_b).action_sign()
        self.assertEqual(doc_b.state, "signed")
        self.assertEqual(doc_b.signed_by_id, self.chairman_b)

    def test_resolutions_by_the_office_chairman_and_its_deputies(self):
        doc_b = self._reg(self.secretary_b, self.office_b)
        doc_b.with_user(self.secretary_b).action_send_to_chairman()
        with self.assertRaises(AccessError):
            self._resolve(doc_b, self.chairman_a, executors=self.executor1)
        # the chairman delegates only to a deputy of the office
        with self.assertRaises(ValidationError):
            self._resolve(doc_b, self.chairman_b, deputy=self.deputy)
        self._resolve(doc_b, self.chairman_b, deputy=self.deputy_b)
        self.assertTrue(doc_b.with_user(self.deputy_b).can_resolve)
        # a deputy of another office does not resolve it
        self.assertFalse(doc_b.with_user(self.dual).can_resolve)
        self._resolve(doc_b, self.deputy_b, executors=self.executor1)
        self.assertEqual(doc_b.state, "in_execution")

    def test_office_without_chairman(self):
        doc = self._reg(self.secretary_a1, self.office_a1, "internal")
        with self.assertRaises(UserError):
            doc.with_user(self.secretary_a1).action_send_to_chairman()
        self.assertEqual(doc.state, "registered")

    # ------------------------------------------------------------------ printed journal
    def test_journal_report_per_office(self):
        doc_a, doc_b, doc_a1, _file = self._setup_documents()
        Wizard = self.env["coop.document.journal.report.wizard"]
        today = self._today()
        period = {"doc_type": "incoming", "date_from": today.replace(month=1, day=1), "date_to": today}
        wizard = Wizard.with_user(self.secretary_a).create(period)
        self.assertEqual(wizard.office_id, self.office_a)
        self.assertEqual(wizard._get_documents(), doc_a)
        with self.assertRaises(AccessError):
            Wizard.with_user(self.secretary_a).create(dict(period, office_id=self.office_b.id))
        head = Wizard.with_user(self.secretary).create(dict(period, office_id=self.office_b.id))
        self.assertEqual(head._get_documents(), doc_b)
