from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestUnionSettings(TransactionCase):
    """The union's settings page reads and writes the system parameters the code reads."""

    def _param(self, key):
        return self.env["ir.config_parameter"].sudo().get_param(key)

    def test_page_shows_and_saves_the_parameters(self):
        ICP = self.env["ir.config_parameter"].sudo()
        # values an administrator set before the page existed
        ICP.set_param("coop_union.birthday_reminder_days", "7")
        ICP.set_param("coop_union.sms_chunk_size", "500")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.coop_union_birthday_reminder_days, 7)
        self.assertEqual(settings.coop_union_sms_chunk_size, 500)
        settings.write({"coop_union_birthday_reminder_days": 5, "coop_union_sms_chunk_size": 1000})
        settings.execute()
        self.assertEqual(self._param("coop_union.birthday_reminder_days"), "5")
        self.assertEqual(self._param("coop_union.sms_chunk_size"), "1000")

    def test_defaults_when_unset(self):
        ICP = self.env["ir.config_parameter"].sudo()
        ICP.search(
            [("key", "in", ("coop_union.birthday_reminder_days", "coop_union.sms_chunk_size"))]
        ).unlink()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.coop_union_birthday_reminder_days, 3)
        self.assertEqual(settings.coop_union_sms_chunk_size, 2000)

    def test_bad_values_refused(self):
        for vals in ({"coop_union_birthday_reminder_days": -1}, {"coop_union_sms_chunk_size": 0}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(vals)
