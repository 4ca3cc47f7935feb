from . import appeal_form, portal
