"""Access hardening of the service desk (18.0.1.1.0), before the data is loaded.

- Rules rewritten by this version left their noupdate block: let `-u` rewrite them.
- The triage team is now part of the module's data: an existing triage team takes its
  xml id instead of a second one being created.
"""

REWRITTEN_RULES = ("helpdesk_ticket_rule_circle", "coop_servicedesk_article_rule_portal")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE ir_model_data SET noupdate = false WHERE module = 'coop_servicedesk' AND name IN %s",
        [REWRITTEN_RULES],
    )
    cr.execute("SELECT 1 FROM ir_model_data WHERE module = 'coop_servicedesk' AND name = 'team_triage'")
    if cr.fetchone():
        return
    cr.execute(
        "SELECT id FROM helpdesk_ticket_team WHERE coop_is_triage ORDER BY active DESC, sequence, id LIMIT 1"
    )
    row = cr.fetchone()
    if row:
        cr.execute(
            """
            INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
            VALUES ('coop_servicedesk', 'team_triage', 'helpdesk.ticket.team', %s, true)
            """,
            [row[0]],
        )
