from . import coop_docflow_office
from . import hr_department
from . import hr_employee
from . import hr_attendance
from . import hr_leave
