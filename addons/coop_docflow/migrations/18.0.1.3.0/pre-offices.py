"""Offices: a database of one office gets its default office before the models load.

Until this version the document flow was one office: one journal per document type and every
secretary, deputy and chairman saw every document. From now on every journal and every document
belongs to an office. Before the tables get their required ``office_id`` columns, this script
makes the default office (named after the company, the ``coop_docflow.office_main`` record of
the data files) and gives it every existing journal and document, so that no record is lost
and the columns can be NOT NULL. The people of the office are set by post-offices.py, once the
tables of its roles exist.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        CREATE TABLE IF NOT EXISTS coop_docflow_office (
            id SERIAL NOT NULL PRIMARY KEY,
            name VARCHAR NOT NULL,
            complete_name VARCHAR,
            parent_path VARCHAR,
            company_id INTEGER,
            active BOOLEAN,
            create_uid INTEGER,
            write_uid INTEGER,
            create_date TIMESTAMP,
            write_date TIMESTAMP
        )
        """
    )
    cr.execute("SELECT res_id FROM ir_model_data WHERE module = 'coop_docflow' AND name = 'office_main'")
    row = cr.fetchone()
    if row:
        office_id = row[0]
    else:
        cr.execute("SELECT id, name FROM res_company ORDER BY sequence, id LIMIT 1")
        company_id, company_name = cr.fetchone()
        cr.execute(
            """
            INSERT INTO coop_docflow_office
                (name, complete_name, company_id, active, create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, %s, TRUE, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')
            RETURNING id
            """,
            (company_name, company_name, company_id),
        )
        office_id = cr.fetchone()[0]
        cr.execute("UPDATE coop_docflow_office SET parent_path = id || '/' WHERE id = %s", (office_id,))
        cr.execute(
            """
            INSERT INTO ir_model_data (module, name, model, res_id, noupdate, create_uid, write_uid, create_date, write_date)
            VALUES ('coop_docflow', 'office_main', 'coop.docflow.office', %s, TRUE, 1, 1,
                    now() at time zone 'UTC', now() at time zone 'UTC')
            """,
            (office_id,),
        )
    for table in ("coop_document_journal", "coop_document"):
        cr.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS office_id INTEGER")
        cr.execute(f"UPDATE {table} SET office_id = %s WHERE office_id IS NULL", (office_id,))
    # one journal per office and document type now, not per document type
    cr.execute(
        "ALTER TABLE coop_document_journal DROP CONSTRAINT IF EXISTS coop_document_journal_doc_type_uniq"
    )
    cr.execute(
        """
        DELETE FROM ir_model_constraint
         WHERE name = 'coop_document_journal_doc_type_uniq'
           AND module = (SELECT id FROM ir_module_module WHERE name = 'coop_docflow')
        """
    )
