"""Member analytics (18.0.1.3.0): the columns of the new stored fields are created here, empty,
so that the update does not compute them member by member (254,000 at the federation's size);
post-analytics.py fills them in SQL."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """ALTER TABLE coop_union_member
               ADD COLUMN IF NOT EXISTS age_band varchar,
               ADD COLUMN IF NOT EXISTS regional_organization_id int4"""
    )
