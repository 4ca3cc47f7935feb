from . import coop_union_award_xlsx
from . import mailing_trace_report
