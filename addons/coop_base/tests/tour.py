"""Browser tours run as the people who use coop work: on a database with Russian loaded, as a user
whose language is Russian. A tour selects elements by stable attributes (field names, data
attributes, menu xml ids, classes), never by labels, so it passes in any language."""

from odoo.tests import HttpCase

TOUR_LANG = "ru_RU"


class RussianTourCase(HttpCase):
    """HttpCase whose tours run in Russian; ``make test`` installs the addons with
    ``--load-language=ru_RU`` (a database without Russian fails here, it does not fall back)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get(TOUR_LANG):
            raise AssertionError(
                "The tours run on a Russian database: install the addons with --load-language=%s"
                % TOUR_LANG
            )

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        login = kwargs.get("login")
        if login:
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(len(user), 1, "the tour's user %s exists" % login)
            user.lang = TOUR_LANG
        # Odoo's own terms are loaded in Russian: the web client the tour drives speaks it.
        field = self.env["ir.model.fields"]._get("res.users", "lang").with_context(lang=TOUR_LANG)
        self.assertNotEqual(field.field_description, "Language", "Odoo's Russian terms are loaded")
        return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)
