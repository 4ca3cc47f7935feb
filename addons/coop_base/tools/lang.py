"""The language of what scheduled jobs write (chatter, tracking values, activities).

A job runs without a user's context: Odoo would write its texts, its tracked selection labels
and the model names of its messages in English, beside the Russian the people read.
"""

import functools


def job_lang(env):
    """The company's language, else the first installed language other than English."""
    installed = [code for code, _name in env["res.lang"].get_installed()]
    company_lang = env.company.partner_id.lang
    if company_lang in installed and company_lang != "en_US":
        return company_lang
    others = [code for code in installed if code != "en_US"]
    return others[0] if others else "en_US"


def in_job_lang(method):
    """Run a job method in :func:`job_lang` unless its caller gave a language."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        records = self if self.env.context.get("lang") else self.with_context(lang=job_lang(self.env))
        return method(records, *args, **kwargs)

    return wrapper
