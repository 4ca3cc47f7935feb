from . import coop_union_award_xlsx
