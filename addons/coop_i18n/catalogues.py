"""Catalogues this addon ships for modules it does not own.

``i18n_oca/<module>/<lang>.po`` fill what an OCA module's own catalogue lacks; they are in the
format OCA's Weblate exports (one file per module, ``#. module: <module>`` headers), so each can be
offered upstream as that module's ``i18n/<lang>.po``. Their terms never replace a translation the
database already has.

``i18n_odoo/<module>/<lang>.po`` correct Odoo's own translations where they are wrong on the
coop's screens ("Tax ID" is "ИНН" to a Russian user); they replace Odoo's terms each time they
are loaded.

Odoo loads the terms of records (fields, views, menus, templates) of a module from that module's
own directory only, and the terms of its code (Python ``_()``, JavaScript ``_t()``) likewise, per
module (``odoo.tools.translate.CodeTranslations``). The records' terms are loaded by
``ir.module.module._load_module_terms`` (see models/ir_module.py); the code terms are served by
wrapping ``CodeTranslations._get_code_translations`` so that a module's code terms are read from
its own catalogue first and then from the catalogues here.
"""

import logging
import os

from odoo.tools.translate import CodeTranslations, code_translations

_logger = logging.getLogger(__name__)

ADDON_DIR = os.path.dirname(os.path.abspath(__file__))
FILL_DIR = "i18n_oca"
CORRECT_DIR = "i18n_odoo"


def covered_modules(directories=(FILL_DIR, CORRECT_DIR)):
    """Names of the modules this addon ships a catalogue for."""
    names = set()
    for directory in directories:
        root = os.path.join(ADDON_DIR, directory)
        if os.path.isdir(root):
            names.update(name for name in os.listdir(root) if os.path.isdir(os.path.join(root, name)))
    return sorted(names)


def catalogue_paths(module_name, lang, directories=(FILL_DIR, CORRECT_DIR)):
    """Paths of the catalogues for ``module_name`` in ``lang``, base language first (as Odoo does:
    ``ru.po`` then ``ru_RU.po``)."""
    names = list(dict.fromkeys((lang.split("_")[0], lang)))
    for directory in directories:
        for name in names:
            path = os.path.join(ADDON_DIR, directory, module_name, name + ".po")
            if os.path.isfile(path):
                yield path


def _get_code_translations(module_name, lang, filter_func):
    translations = _get_code_translations.standard(module_name, lang, filter_func)
    for path in catalogue_paths(module_name, lang):
        with open(path, "rb") as fileobj:
            translations.update(CodeTranslations._read_code_translations_file(fileobj, filter_func))
    return translations


def serve_code_translations():
    """Make Odoo's code translations of the covered modules include this addon's catalogues."""
    current = CodeTranslations._get_code_translations
    if getattr(current, "standard", None) is None:
        _get_code_translations.standard = current
        CodeTranslations._get_code_translations = staticmethod(_get_code_translations)
    # Terms cached before this addon was loaded are read again, with its catalogues.
    covered = set(covered_modules())
    for cache in (code_translations.python_translations, code_translations.web_translations):
        for key in [key for key in cache if key[0] in covered]:
            del cache[key]
