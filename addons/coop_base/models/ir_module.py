from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _coop_load_own_terms(self, module):
        """Load a module's translations before its demo data, not after it.

        Odoo loads a module's catalogues once its data are in: the chatter of its demo
        records would name their models in English ("Union Member создан")."""
        langs = [code for code, _name in self.env["res.lang"].get_installed() if code != "en_US"]
        if langs:
            self._load_module_terms([module], langs)
        return True
