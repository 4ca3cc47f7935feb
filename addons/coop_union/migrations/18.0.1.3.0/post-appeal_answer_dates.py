"""Appeals answered before 18.0.1.3.0 have no answer date: it is taken from the appeal's last
change, so that the appeal analysis counts their days to answer and their lateness."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """UPDATE coop_union_appeal
              SET answer_date = write_date::date
            WHERE state IN ('answered', 'closed') AND answer_date IS NULL"""
    )
    cr.execute(
        """UPDATE coop_union_appeal
              SET days_to_answer = answer_date - date,
                  is_overdue = (deadline IS NOT NULL AND answer_date > deadline)
            WHERE answer_date IS NOT NULL AND date IS NOT NULL"""
    )
