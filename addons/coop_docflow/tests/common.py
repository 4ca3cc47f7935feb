from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class DocflowOfficeMixin:
    """Opt in for the head office: chairman, deputy, secretary, two executors, and an employee
    who serves no office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, no_reset_password=True))
        groups = "base.group_user,coop_docflow.group_docflow_%s"
        cls.chairman = new_test_user(cls.env, login="t_chairman", name="Chairman", groups=groups % "chairman")
        cls.deputy = new_test_user(cls.env, login="t_deputy", name="Deputy", groups=groups % "deputy")
        cls.secretary = new_test_user(
            cls.env, login="t_secretary", name="Secretary", groups=groups % "secretary"
        )
        cls.executor1 = new_test_user(cls.env, login="t_executor1", name="Executor One")
        cls.executor2 = new_test_user(cls.env, login="t_executor2", name="Executor Two")
        cls.outsider = new_test_user(cls.env, login="t_outsider", name="Outsider")
        # they run the head office; the outsider serves no office (he files in the head office)
        cls.office = cls.env.ref("coop_docflow.office_main")
        cls.office.write(
            {
                "chairman_id": cls.chairman.id,
                "deputy_ids": [(4, cls.deputy.id)],
                "secretary_ids": [(4, cls.secretary.id)],
                "executor_ids": [(4, cls.executor1.id), (4, cls.executor2.id)],
            }
        )


class DocflowDocumentsMixin(DocflowOfficeMixin):
    """Opt in for a sender and a recipient, and helpers that take documents through the
    workflow as the office does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sender = cls.env["res.partner"].create({"name": "Ministry of Labour"})
        cls.recipient = cls.env["res.partner"].create({"name": "Employers' Association"})
        cls.Document = cls.env["coop.document"]

    def _today(self):
        """Today as the office's users see it (the date registration gives)."""
        return fields.Date.context_today(self.Document.with_user(self.secretary))

    def _new_doc(self, doc_type="internal", user=None, **vals):
        values = {"title": "%s document" % doc_type, "doc_type": doc_type}
        if doc_type == "incoming":
            values.update(sender_id=self.sender.id, sender_number="12/45")
        if doc_type == "outgoing":
            values.update(recipient_ids=[(6, 0, self.recipient.ids)])
        values.update(vals)
        return self.Document.with_user(user or self.secretary).create(values)

    def _registered(self, doc_type="internal", **vals):
        doc = self._new_doc(doc_type, **vals)
        doc.action_register()
        return doc

    def _sent(self, doc_type="internal", **vals):
        doc = self._registered(doc_type, **vals)
        doc.action_send_to_chairman()
        return doc

    def _resolve(self, doc, user, text="Handle it", executors=None, deputy=None, deadline=False):
        wizard = (
            self.env["coop.document.resolution.wizard"]
            .with_user(user)
            .create(
                {
                    "document_id": doc.id,
                    "text": text,
                    "deadline": deadline,
                    "priority": "1",
                    "mode": "deputy" if deputy else "executors",
                    "executor_ids": [(6, 0, executors.ids)] if executors else [],
                    "deputy_id": deputy.id if deputy else False,
                }
            )
        )
        return wizard.action_confirm()

    def _counter(self, doc_type, year):
        journal = self.env["coop.document.journal"]._get_for(self.office, doc_type)
        counter = journal.counter_ids.filtered(lambda c: c.year == year)
        counter.invalidate_recordset()
        return counter.last_number


class DocflowCase(DocflowDocumentsMixin, TransactionCase):
    """The office and its documents."""
