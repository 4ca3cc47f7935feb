"""Checks shared by the coop addons before a value chosen by the user feeds a sudo step.

A many2one (or many2many) that a user sets and that feeds stored related/computed data, a record
rule or a step run as superuser is checked as that user first: the target must be readable by him.
Stored computed fields are written by the server only: a user cannot set them directly.
"""

from odoo.exceptions import AccessError, UserError


def is_coop_admin(env):
    return env.su or env.user.has_group("coop_circles.group_coop_admin")


def check_readable(records, message=None):
    """Raise ``AccessError(message)`` unless the current user may read every record of ``records``."""
    if records.env.su or not records:
        return
    records = records.exists()
    if records and not records.has_access("read"):
        raise AccessError(message or records.env._("You cannot use a record you are not allowed to read."))


def relation_ids(commands):
    """Ids a list of x2many commands (or plain ids) links to the record."""
    ids = set()
    for command in commands or []:
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, list | tuple) and command:
            if command[0] == 4:
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2] or [])
    return ids


def check_no_server_fields(records, vals, fnames):
    """Refuse a direct write of fields the server computes (stored computed/related fields)."""
    if records.env.su:
        return
    forbidden = set(vals) & set(fnames)
    if forbidden:
        labels = ", ".join(
            sorted(records._fields[f].get_description(records.env)["string"] for f in forbidden)
        )
        raise UserError(records.env._("These fields are computed and cannot be set directly: %s.", labels))


def check_manages(circles, message=None):
    """Raise unless the current user is the coordinator or team lead of every circle, or an administrator."""
    env = circles.env
    if is_coop_admin(env):
        return
    uid = env.uid
    for circle in circles.sudo():
        if uid not in (circle.coordinator_id.id, circle.team_lead_id.id):
            raise AccessError(
                message
                or env._(
                    "Only the coordinator or the team lead of a circle (or an administrator) changes its "
                    "roles, assignments, agreements and processes."
                )
            )
