from datetime import date, timedelta

from freezegun import freeze_time
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DocflowCase


@tagged("post_install", "-at_install")
class TestRegistration(DocflowCase):
    def test_number_per_type_prefix_and_year(self):
        year = self._today().year
        numbers = {}
        for doc_type, prefix in (("internal", "Вн"), ("incoming", "Вх"), ("outgoing", "Исх")):
            first = self._registered(doc_type)
            second = self._registered(doc_type)
            head, doc_year, number = first.name.split("-")
            self.assertEqual(head, prefix)
            self.assertEqual(int(doc_year), year)
            self.assertEqual(len(number), 4)
            self.assertEqual(second.name, "%s-%s-%04d" % (prefix, year, int(number) + 1))
            self.assertEqual(first.state, "registered")
            self.assertEqual(first.registrar_id, self.secretary)
            self.assertEqual(first.reg_date, self._today())
            numbers[doc_type] = first.name
        self.assertEqual(len(set(numbers.values())), 3)

    def test_year_rollover(self):
        with freeze_time("2031-12-31 10:00:00"):
            last_of_year = self._registered("incoming")
            self.assertEqual(last_of_year.name, "Вх-2031-0001")
            self.assertEqual(self._registered("incoming").name, "Вх-2031-0002")
        with freeze_time("2032-01-01 09:00:00"):
            first_of_year = self._registered("incoming")
            self.assertEqual(first_of_year.name, "Вх-2032-0001")
            self.assertEqual(first_of_year.reg_date, date(2032, 1, 1))
            # other journals are untouched by the rollover of this one
            self.assertEqual(self._registered("outgoing").name, "Исх-2032-0001")
        self.assertEqual(self._counter("incoming", 2031), 2)
        self.assertEqual(self._counter("incoming", 2032), 1)

    def test_number_is_immutable(self):
        doc = self._registered()
        number = doc.name
        with self.assertRaises(AccessError):
            doc.write({"name": "Вн-2000-9999"})
        with self.assertRaises(AccessError):
            doc.with_user(self.chairman).write({"name": "X"})
        with self.assertRaises(UserError):
            doc.action_register()
        with self.assertRaises(UserError):
            doc.with_user(self.secretary).unlink()
        with self.assertRaises(AccessError):
            self._new_doc(name="Вн-2000-0001")
        with self.assertRaises(UserError):
            doc.write({"doc_type": "outgoing"})
        self.assertEqual(doc.name, number)
        self.assertFalse(doc.copy().name)

    def test_required_fields_refused_without_number(self):
        year = self._today().year
        self._registered("incoming")
        before = self._counter("incoming", year)
        doc = self._new_doc("incoming", sender_id=False)
        with self.assertRaisesRegex(ValidationError, "Sender"):
            doc.action_register()
        self.assertEqual(doc.state, "draft")
        self.assertFalse(doc.name)
        self.assertEqual(self._counter("incoming", year), before)
        outgoing = self._new_doc("outgoing", recipient_ids=[(5,)])
        with self.assertRaisesRegex(ValidationError, "Recipients"):
            outgoing.action_register()
        internal = self._new_doc("internal", doc_date=False)
        with self.assertRaisesRegex(ValidationError, "Document Date"):
            internal.action_register()
        self.assertEqual(internal.state, "draft")

    def test_deadline_before_registration(self):
        today = self._today()
        # a deadline before the receipt date is refused at once
        with self.assertRaises(ValidationError):
            self._new_doc(deadline=today - timedelta(days=1))
        # a deadline already past when the document is registered is refused then
        doc = self._new_doc(date_received=today - timedelta(days=5), deadline=today - timedelta(days=1))
        with self.assertRaises(ValidationError):
            doc.action_register()
        self.assertEqual(doc.state, "draft")
        self.assertFalse(doc.name)
        registered = self._registered()
        with self.assertRaises(ValidationError):
            registered.write({"deadline": registered.reg_date - timedelta(days=3)})
        registered.write({"deadline": registered.reg_date + timedelta(days=3)})
        self.assertEqual(registered.deadline, registered.reg_date + timedelta(days=3))

    def test_only_secretary_registers(self):
        for user in (self.executor1, self.outsider):
            doc = self._new_doc(user=user)
            with self.assertRaises(AccessError):
                doc.action_register()
            self.assertEqual(doc.state, "draft")
        own = self._new_doc(user=self.executor1)
        own.with_user(self.secretary).action_register()
        self.assertEqual(own.state, "registered")

    def test_template_fills_document(self):
        template = self.env["coop.document.template"].create(
            {
                "name": "Order",
                "doc_type": "internal",
                "title": "Order on duty",
                "summary": "Duty schedule",
                "deadline_days": 5,
                "priority": "1",
            }
        )
        doc = self.Document.new({"doc_type": "internal", "template_id": template.id})
        doc._onchange_template_id()
        self.assertEqual(doc.title, "Order on duty")
        self.assertEqual(doc.summary, "Duty schedule")
        self.assertEqual(doc.priority, "1")
        self.assertEqual(doc.deadline, fields.Date.context_today(doc) + timedelta(days=5))
