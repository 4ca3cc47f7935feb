from . import test_attendance, test_office_scope, test_time_off, test_tours
