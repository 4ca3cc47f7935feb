from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..tools import ru_requisites
from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestRequisites(CoopCrmCase):
    def test_inn_checksums(self):
        # Real INNs: Sberbank, T-Bank, VTB, Alfa-Bank, and an individual entrepreneur's 12 digits.
        for inn in ("7707083893", "7710140679", "7702070139", "7728168971", "500100732259"):
            self.assertTrue(ru_requisites.is_valid_inn(inn), inn)
        # One digit changed, wrong lengths, letters.
        for inn in ("7707083894", "7710140670", "500100732258", "770708389", "77070838933", "77O7083893", ""):
            self.assertFalse(ru_requisites.is_valid_inn(inn), inn)
        self.assertTrue(ru_requisites.is_valid_inn(" 7707 083-893 "))

    def test_ogrn_kpp_bik_checksums(self):
        for ogrn in ("1027700132195", "1027739642281", "1027739609391", "304500116000157"):
            self.assertTrue(ru_requisites.is_valid_ogrn(ogrn), ogrn)
        for ogrn in ("1027700132196", "304500116000158", "102770013219", "0027700132195"):
            self.assertFalse(ru_requisites.is_valid_ogrn(ogrn), ogrn)
        self.assertTrue(ru_requisites.is_valid_kpp("773601001"))
        self.assertTrue(ru_requisites.is_valid_kpp("7736AB001"))
        self.assertFalse(ru_requisites.is_valid_kpp("77360100"))
        self.assertFalse(ru_requisites.is_valid_kpp("77360100X"))
        self.assertTrue(ru_requisites.is_valid_bik("044525225"))
        self.assertFalse(ru_requisites.is_valid_bik("144525225"))
        self.assertTrue(ru_requisites.is_valid_corr_account("30101810400000000225", "044525225"))
        self.assertFalse(ru_requisites.is_valid_corr_account("30101810400000000226", "044525225"))

    def test_head_card_requisites(self):
        Partner = self.env["res.partner"]
        vtb = Partner.create(
            {
                "name": "Банк ВТБ (ПАО)",
                "is_company": True,
                "coop_is_client": True,
                "vat": "7702 070 139",
                "coop_kpp": "784201002",
                "coop_ogrn": "1027739609391",
            }
        )
        self.assertEqual(vtb.vat, "7702070139", "spaces are removed from the INN")
        vtb.coop_postal_address = "190000, г. Санкт-Петербург, ул. Большая Морская, д. 29"
        self.assertIn("Большая Морская", vtb.coop_postal_address)
        entrepreneur = Partner.create(
            {
                "name": "ИП Петров",
                "is_company": True,
                "coop_is_client": True,
                "vat": "500100732259",
                "coop_ogrn": "304500116000157",
            }
        )
        self.assertTrue(entrepreneur.coop_is_client)
        bad_values = [
            {"vat": "7707083894", "coop_kpp": "773601002"},
            {"vat": "7728168971", "coop_kpp": "77080100"},
            {"vat": "7728168971", "coop_kpp": "770801001", "coop_ogrn": "1027700067329"},
            {"vat": "7728168971"},
            {"vat": "7728168971", "coop_kpp": "770801001", "coop_ogrn": "304500116000157"},
        ]
        for vals in bad_values:
            with self.assertRaises(ValidationError), self.cr.savepoint():
                Partner.create(
                    dict(vals, name="АО «Альфа-Банк» (проверка)", is_company=True, coop_is_client=True)
                )
        self.assertFalse(Partner.search([("name", "=", "АО «Альфа-Банк» (проверка)")]), "nothing was created")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            vtb.write({"coop_ogrn": "1027739609392"})
        self.assertEqual(vtb.coop_ogrn, "1027739609391")

    def test_duplicate_inn_kpp(self):
        Partner = self.env["res.partner"]
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Partner.create(
                {
                    "name": "Сбербанк (дубль)",
                    "is_company": True,
                    "coop_is_client": True,
                    "vat": "7707083893",
                    "coop_kpp": "773601001",
                }
            )
        # A branch has the same INN and its own KPP.
        branch = Partner.create(
            {
                "name": "Сбербанк, Северо-Западный банк",
                "is_company": True,
                "coop_is_client": True,
                "vat": "7707083893",
                "coop_kpp": "784243001",
            }
        )
        self.assertTrue(branch)

    def test_other_partners_untouched(self):
        partner = self.env["res.partner"].create({"name": "Foreign supplier", "vat": "BE0477472701"})
        self.assertFalse(partner.coop_is_client)

    def test_inn_of_every_russian_organisation(self):
        Partner = self.env["res.partner"]
        russia = self.env.ref("base.ru")
        supplier = Partner.create(
            {"name": "ООО Поставщик", "is_company": True, "country_id": russia.id, "vat": "7707083893"}
        )
        with self.assertRaises(ValidationError), self.cr.savepoint():
            supplier.write({"vat": "7707083894"})
        self.assertEqual(supplier.vat, "7707083893")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Partner.create({"name": "ООО Ошибка", "is_company": True, "country_id": russia.id, "vat": "1234567890"})
        self.assertFalse(Partner.search([("name", "=", "ООО Ошибка")]), "nothing was created")
        # not a Russian organisation: its tax number is not an INN
        foreign = Partner.create({"name": "Foreign Ltd", "is_company": True, "vat": "1234567890"})
        self.assertEqual(foreign.vat, "1234567890")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            foreign.write({"country_id": russia.id})

    def test_bank_requisites(self):
        Bank = self.env["res.bank"]
        bank = Bank.create(
            {"name": "ПАО Сбербанк", "bic": "044525225", "coop_corr_account": "30101810400000000225"}
        )
        self.assertTrue(bank)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            Bank.create({"name": "Ошибка", "bic": "044525225", "coop_corr_account": "30101810400000000226"})
        account = self.env["res.partner.bank"].create(
            {"acc_number": "40702810938000000001", "partner_id": self.client_sber.id, "bank_id": bank.id}
        )
        self.assertEqual(self.client_sber.bank_ids, account)
