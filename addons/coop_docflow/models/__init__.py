from . import (
    coop_docflow_office,
    coop_document,
    coop_document_acknowledgement,
    coop_document_assignment,
    coop_document_journal,
    coop_document_journal_counter,
    coop_document_resolution,
    coop_document_template,
    ir_attachment,
)
