from . import coop_circle, coop_role, coop_role_assignment, res_users
