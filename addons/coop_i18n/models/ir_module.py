from odoo import api, models
from odoo.tools.translate import TranslationImporter

from ..catalogues import CORRECT_DIR, FILL_DIR, catalogue_paths, covered_modules


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(self, modules, langs, overwrite=False, imported_module=False):
        """Load this addon's catalogues for the records of the modules it covers: all of them
        when this addon is (re)loaded, else those of the given modules (a module updated alone
        keeps the coop's Russian)."""
        super()._load_module_terms(modules, langs, overwrite=overwrite, imported_module=imported_module)
        covered = covered_modules()
        targets = covered if "coop_i18n" in modules else [name for name in modules if name in covered]
        langs = [lang for lang in langs if lang != "en_US"]
        if not targets or not langs:
            return
        # Gaps are filled the way Odoo loads any catalogue; corrections replace Odoo's terms.
        for directory, force in ((FILL_DIR, False), (CORRECT_DIR, True)):
            importer = TranslationImporter(self.env.cr, verbose=False)
            for module_name in targets:
                for lang in langs:
                    for path in catalogue_paths(module_name, lang, (directory,)):
                        importer.load_file(path, lang)
            importer.save(overwrite=overwrite, force_overwrite=force)
