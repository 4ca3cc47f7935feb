from . import (
    coop_document_journal_report_wizard,
    coop_document_reject_wizard,
    coop_document_resolution_wizard,
)
