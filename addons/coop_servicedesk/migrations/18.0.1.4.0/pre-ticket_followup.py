"""Tickets filed by the bot finish in a follow-up job (18.0.1.4.0): their followers,
notifications, assignment and team chat post are done after the answer, and the ticket
carries ``coop_followup_pending`` until then. Every ticket filed before was finished when it
was created: the column comes in empty (no ticket pending, nothing done twice), added here
without a default so that a large ticket table is not rewritten."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("ALTER TABLE helpdesk_ticket ADD COLUMN IF NOT EXISTS coop_followup_pending boolean")
