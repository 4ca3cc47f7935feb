"""Consent became the circle's: a proposal under discussion is answered by the members asked.

Proposals already under discussion ask the circle's current members, and each objection already
raised on them is its author's answer. Agreements consented before keep their state and dates, and
each gets its entry in its circle's decision register (dated on its consent, without a meeting:
none was recorded then)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Agreement = env["coop.agreement"].with_context(active_test=False)
    for proposal in Agreement.search([("state", "=", "proposed")]):
        if not proposal.asked_user_ids:
            proposal.asked_user_ids = proposal.circle_id.member_ids | proposal.objection_ids.author_id
        for objection in proposal.objection_ids.sorted("id"):
            proposal._record_answer(
                objection.author_id, "object", reason=objection.reasoning, objection=objection
            )
    consented = Agreement.search(
        [
            ("state", "in", ("consented", "to_review", "retired")),
            ("consent_date", "!=", False),
            ("decision_ids", "=", False),
        ]
    )
    env["coop.circle.decision"].create(
        [
            {
                "name": agreement.name,
                "date": agreement.consent_date,
                "circle_id": agreement.circle_id.id,
                "kind": "other",
                "agreement_id": agreement.id,
                "proposal_id": agreement.previous_id.id,
                "text": agreement.text,
            }
            for agreement in consented
        ]
    )
