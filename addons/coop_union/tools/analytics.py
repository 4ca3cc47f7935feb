"""Figures of the registry computed in SQL: the age band of every member, the regional
organisation above his primary one. Used by the daily job and by the migration that fills the
columns of existing members (254,000 rows: one statement each, never row by row)."""

from odoo.tools import SQL

# (key, lower age bound included); a member's band is the last one whose bound he reached
AGE_BAND_BOUNDS = [("under_35", 0), ("35_44", 35), ("45_54", 45), ("55_64", 55), ("65_plus", 65)]


def age_band(age):
    """The age band of someone ``age`` years old."""
    band = AGE_BAND_BOUNDS[0][0]
    for key, bound in AGE_BAND_BOUNDS:
        if age >= bound:
            band = key
    return band


def _age_band_sql(today):
    age = SQL("date_part('year', age(%s::date, birthdate))", today)
    cases = SQL(" ").join(
        SQL("WHEN %s >= %s THEN %s", age, bound, key) for key, bound in reversed(AGE_BAND_BOUNDS[1:])
    )
    return SQL("CASE WHEN birthdate IS NULL THEN NULL %s ELSE %s END", cases, AGE_BAND_BOUNDS[0][0])


def refresh_age_bands(cr, today):
    """Set the age band of every member whose band is not the one of his age on ``today``.
    Returns the number of members changed."""
    band = _age_band_sql(today)
    cr.execute(
        SQL(
            "UPDATE coop_union_member SET age_band = %s WHERE age_band IS DISTINCT FROM %s",
            band,
            band,
        )
    )
    return cr.rowcount


def fill_regional_organizations(cr):
    """Set the regional organisation of every member: the parent of his primary organisation."""
    cr.execute(
        """UPDATE coop_union_member m
              SET regional_organization_id = o.parent_id
             FROM coop_union_organization o
            WHERE o.id = m.organization_id
              AND m.regional_organization_id IS DISTINCT FROM o.parent_id"""
    )
    return cr.rowcount
