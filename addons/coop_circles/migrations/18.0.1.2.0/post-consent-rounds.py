"""Consent became the circle's: a proposal under discussion is answered by the members asked.

Proposals already under discussion ask the circle's current members, and each objection already
raised on them is its author's answer. Agreements consented before keep their state and dates."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    proposals = env["coop.agreement"].with_context(active_test=False).search([("state", "=", "proposed")])
    for proposal in proposals:
        if not proposal.asked_user_ids:
            proposal.asked_user_ids = proposal.circle_id.member_ids | proposal.objection_ids.author_id
        for objection in proposal.objection_ids.sorted("id"):
            proposal._record_answer(
                objection.author_id, "object", reason=objection.reasoning, objection=objection
            )
