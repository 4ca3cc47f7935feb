from . import coop_docflow_office, hr_attendance, hr_department, hr_employee, hr_leave
