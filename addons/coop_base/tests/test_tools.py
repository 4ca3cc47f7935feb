from odoo.tests import TransactionCase, tagged

from ..tools import capped_backoff, param_bool, param_float, param_int, param_megabytes, selection_label


@tagged("post_install", "-at_install")
class TestTools(TransactionCase):
    def test_capped_backoff(self):
        self.assertEqual([capped_backoff(n, 30) for n in (0, 1, 2, 3)], [30, 30, 60, 120])
        self.assertEqual(capped_backoff(20, 30), 3600)
        self.assertEqual(capped_backoff(3, 10, cap=25), 25)

    def test_typed_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        key = "coop_base.test_setting"
        self.assertEqual(param_int(self.env, key, 7), 7, "missing: the default")
        params.set_param(key, " 12 ")
        self.assertEqual(param_int(self.env, key, 7), 12)
        self.assertEqual(param_float(self.env, key, 1.5), 12.0)
        self.assertEqual(param_megabytes(self.env, key, 1), 12 * 1024 * 1024)
        params.set_param(key, "-3")
        self.assertEqual(param_int(self.env, key, 7, minimum=1), 1)
        self.assertEqual(param_megabytes(self.env, key, 1), 0, "no negative size")
        params.set_param(key, "many")
        with self.assertLogs("odoo.addons.coop_base.tools.config", level="WARNING"):
            self.assertEqual(param_int(self.env, key, 7), 7, "unreadable: the default")
        self.assertFalse(param_bool(self.env, key))
        params.set_param(key, "True")
        self.assertTrue(param_bool(self.env, key))
        params.set_param(key, False)
        self.assertTrue(param_bool(self.env, key, default=True))

    def test_selection_label(self):
        partner = self.env["res.partner"].create({"name": "Тест", "type": "invoice"})
        self.assertEqual(selection_label(partner, "type"), "Invoice Address")
        russian = selection_label(partner.with_context(lang="ru_RU"), "type", "delivery")
        self.assertTrue(russian and russian != "Delivery Address", "the reader's language")
        self.assertEqual(selection_label(partner, "type", False), "")
