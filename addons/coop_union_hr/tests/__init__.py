from . import test_office_scope
from . import test_attendance
from . import test_time_off
from . import test_tours
