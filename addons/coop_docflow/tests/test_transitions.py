from odoo.addons.coop_base.tools import selection_label
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.coop_document import STATES, TRANSITIONS
from ..models.coop_document_journal import DOC_TYPES
from .common import DocflowCase

RU = "ru_RU"


@tagged("post_install", "-at_install")
class TestTransitionTable(DocflowCase):
    """Every workflow step follows TRANSITIONS: the methods refuse what it does not list and
    the form's can_<step> flags say what it lists, for the user who reads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get(RU):
            cls.env["res.lang"]._activate_lang(RU)
        # one document of each type, written by an executor (so that he may read it)
        cls.docs = {
            doc_type: cls.Document.with_user(cls.secretary).create(
                {
                    "title": "%s document" % doc_type,
                    "doc_type": doc_type,
                    "author_id": cls.executor1.id,
                    "sender_id": cls.sender.id,
                    "recipient_ids": [(6, 0, cls.recipient.ids)],
                }
            )
            for doc_type, _label in DOC_TYPES
        }
        cls.steps = {
            "register": (cls.secretary, lambda doc: doc.action_register()),
            "send_to_chairman": (cls.secretary, lambda doc: doc.action_send_to_chairman()),
            "sign": (cls.chairman, lambda doc: doc.action_sign()),
            "reject": (cls.chairman, lambda doc: doc.action_reject(reason="No")),
            "resolve": (cls.chairman, lambda doc: doc.action_add_resolution()),
            "request_acknowledgement": (
                cls.secretary,
                lambda doc: doc.action_request_acknowledgement(user_ids=cls.executor2.ids),
            ),
            "dispatch": (cls.secretary, lambda doc: doc.action_dispatch(dispatch_method="post")),
            "done": (cls.secretary, lambda doc: doc.action_done()),
        }

    def _in_state(self, doc_type, state):
        doc = self.docs[doc_type]
        doc.sudo().write({"state": state})
        return doc

    def test_every_step_has_a_method(self):
        self.assertEqual(set(self.steps), set(TRANSITIONS))

    def test_steps_outside_the_table_are_refused(self):
        """An entitled user calling a step from a state or on a type the table does not list
        gets a clear Russian message naming the step, and nothing changes."""
        checked = 0
        for action, (user, call) in self.steps.items():
            for doc_type, _type_label in DOC_TYPES:
                allowed = TRANSITIONS[action].states.get(doc_type, ())
                for state, _state_label in STATES:
                    if state in allowed:
                        continue
                    with self.subTest(action=action, doc_type=doc_type, state=state):
                        doc = self._in_state(doc_type, state)
                        with self.assertRaises(UserError) as caught:
                            call(doc.with_user(user).with_context(lang=RU))
                        message = str(caught.exception)
                        self.assertIn("невозможен", message)
                        self.assertIn(selection_label(doc.with_context(lang=RU), "state"), message)
                        self.assertIn(self.env(context={"lang": RU})._(TRANSITIONS[action].label), message)
                        self.assertEqual(doc.state, state)
                        checked += 1
        # 8 steps x 3 types x 12 states, less the 21 (step, type, state) the table lists
        self.assertEqual(checked, 8 * 3 * 12 - 21)
        # the refusal of reject's wizard too
        doc = self._in_state("internal", "signed")
        with self.assertRaises(UserError):
            doc.with_user(self.chairman).action_open_reject_wizard()

    def test_flags_follow_the_table(self):
        """The secretary's flags are the table's secretary steps; a plain executor has none."""
        secretary_steps = {
            action
            for action, transition in TRANSITIONS.items()
            if transition.groups == ("coop_docflow.group_docflow_secretary",)
        }
        self.assertEqual(
            secretary_steps,
            {"register", "send_to_chairman", "request_acknowledgement", "dispatch", "done"},
        )
        for doc_type, _type_label in DOC_TYPES:
            for state, _state_label in STATES:
                doc = self._in_state(doc_type, state)
                for user in (self.secretary, self.executor1):
                    mine = doc.with_user(user)
                    mine.invalidate_recordset()
                    for action, transition in TRANSITIONS.items():
                        expected = (
                            user == self.secretary
                            and action in secretary_steps
                            and state in transition.states.get(doc_type, ())
                        )
                        with self.subTest(user=user.login, action=action, doc_type=doc_type, state=state):
                            self.assertEqual(mine[f"can_{action}"], expected)

    def test_chairman_flags(self):
        doc = self._in_state("outgoing", "on_signature")
        chairman = doc.with_user(self.chairman)
        self.assertTrue(chairman.can_sign and chairman.can_reject)
        self.assertFalse(chairman.can_resolve or chairman.can_register or chairman.can_dispatch)
        incoming = self._in_state("incoming", "on_resolution").with_user(self.chairman)
        self.assertTrue(incoming.can_resolve)
        # a deputy only on the documents delegated to him
        self.assertFalse(incoming.with_user(self.deputy).can_resolve)
