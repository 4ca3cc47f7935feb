from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSettings(TransactionCase):
    """The service desk's settings page stores its values as the system parameters the code reads."""

    def _save(self, **values):
        settings = self.env["res.config.settings"].create(values)
        settings.execute()
        return settings

    def test_values_reach_the_code(self):
        params = self.env["ir.config_parameter"].sudo()
        self._save(
            coop_max_upload_mb=5,
            coop_mail_attachment_max_mb=2,
            coop_telegram_code_minutes=30,
            coop_outbox_max_attempts=9,
            coop_telegram_link_max_failures=4,
            coop_telegram_link_window_minutes=20,
        )
        self.assertEqual(params.get_param("web.max_file_upload_size"), str(5 * 1024 * 1024))
        self.assertEqual(self.env["helpdesk.ticket"]._coop_mail_attachment_limit(), 2 * 1024 * 1024)
        self.assertEqual(self.env["coop.telegram.outbox"]._max_attempts(), 9)
        self.assertEqual(self.env["coop.telegram.link.attempt"]._limits(), (4, 20))
        link_code_minutes = params.get_param("coop_servicedesk.telegram_code_minutes")
        self.assertEqual(link_code_minutes, "30")
        # the page shows what is stored
        shown = self.env["res.config.settings"].create({})
        self.assertEqual(shown.coop_max_upload_mb, 5)
        self.assertEqual(shown.coop_outbox_max_attempts, 9)

    def test_bad_values_refused(self):
        params = self.env["ir.config_parameter"].sudo()
        before = params.get_param("coop_servicedesk.outbox_max_attempts")
        for values in ({"coop_outbox_max_attempts": 0}, {"coop_max_upload_mb": 0}, {"coop_mail_attachment_max_mb": -1}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self._save(**values)
        self.assertEqual(params.get_param("coop_servicedesk.outbox_max_attempts"), before, "nothing changed")
