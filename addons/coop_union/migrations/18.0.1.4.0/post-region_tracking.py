"""18.0.1.4.0: the member's region is no longer tracked (it follows the organisation, which is).

18.0.1.3.0 logged a chatter line «Regional Organization: → ...» on every member it computed the
region of after an import or a move of organisations. Those lines, and only those (a logged
notification with no text whose every tracked value is the region), are removed.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        DELETE FROM mail_message m
         WHERE m.model = 'coop.union.member'
           AND m.message_type = 'notification'
           AND coalesce(m.body, '') = ''
           AND EXISTS (SELECT 1 FROM mail_tracking_value v WHERE v.mail_message_id = m.id)
           AND NOT EXISTS (
                SELECT 1
                  FROM mail_tracking_value v
                  JOIN ir_model_fields f ON f.id = v.field_id
                 WHERE v.mail_message_id = m.id
                   AND NOT (f.model = 'coop.union.member' AND f.name = 'regional_organization_id')
           )
        """
    )
