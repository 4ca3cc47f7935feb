from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import tagged

from .common import OfficeStaffMixin


@tagged("post_install", "-at_install")
class TestStaffTours(OfficeStaffMixin, RussianTourCase):
    def test_absence_schedule_tour(self):
        """A regional chairman opens the absence schedule: his office's and the office below's
        absences, by employee, not those of the office beside his."""
        self.e_r1.name = "Марина Лебедева"
        self.e_p1.name = "Дмитрий Фёдоров"
        self.e_s1.name = "Игорь Чужой"
        self._leave(self.e_r1, "2027-03-09", "2027-03-10")
        self._leave(self.e_p1, "2027-03-11", "2027-03-12")
        self._leave(self.e_s1, "2027-03-11", "2027-03-12")
        self.u_reg.write({"groups_id": [(4, self.env.ref("coop_union.group_union_user").id)]})
        self.start_tour(
            "/odoo/action-coop_union_hr.action_coop_union_hr_absence_schedule",
            "coop_union_hr_absence_schedule",
            login="hr_reg",
        )
