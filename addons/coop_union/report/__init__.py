from . import coop_union_award_xlsx, mailing_trace_report
