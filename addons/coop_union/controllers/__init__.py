from . import appeal_form, main, portal
