from . import catalogues, models

catalogues.serve_code_translations()
