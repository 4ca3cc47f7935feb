from . import test_access, test_circle, test_role_assignment
