from odoo.tests import TransactionCase, tagged

from ..tools import job_lang


@tagged("post_install", "-at_install")
class TestWrittenLang(TransactionCase):
    """Chatter written without a user's language (data files, jobs) speaks the database's."""

    def test_creation_message_names_the_model_in_the_databases_language(self):
        lang = job_lang(self.env)
        partner = self.env["res.partner"].with_context(lang=None).create({"name": "Контрагент без языка"})
        model_name = self.env["ir.model"].with_context(lang=lang)._get("res.partner").name
        bodies = " ".join(str(body) for body in partner.message_ids.mapped("body"))
        self.assertIn(model_name, bodies)
        if lang != "en_US":
            self.assertNotIn("Contact", bodies)

    def test_a_given_language_is_kept(self):
        partner = self.env["res.partner"].with_context(lang="en_US").create({"name": "Counterparty"})
        bodies = " ".join(str(body) for body in partner.message_ids.mapped("body"))
        self.assertIn("Contact", bodies)
