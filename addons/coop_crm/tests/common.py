from odoo.tests.common import TransactionCase, new_test_user


def setup_coop_crm(cls):
    """Circles, directions with SLA, coordinators, specialists and two bank clients."""
    env = cls.env
    cls.coordinator = new_test_user(
        env,
        login="crm_coordinator",
        name="Алексей Поликарпов",
        groups="base.group_user,coop_circles.group_coop_coordinator",
    )
    cls.coordinator2 = new_test_user(
        env,
        login="crm_secretary",
        name="Мария Секретарь",
        groups="base.group_user,coop_circles.group_coop_coordinator",
    )
    cls.pentester = new_test_user(
        env,
        login="crm_pentester",
        name="Иван Пентестер",
        groups="base.group_user,coop_crm.group_coop_crm_user",
    )
    cls.auditor = new_test_user(
        env, login="crm_auditor", name="Ольга Аудитор", groups="base.group_user,coop_crm.group_coop_crm_user"
    )
    Circle = env["coop.circle"]
    cls.circle_pentest = Circle.create(
        {"name": "Круг хакеров и пентестеров", "kind": "producing", "team_lead_id": cls.pentester.id}
    )
    cls.circle_compliance = Circle.create(
        {"name": "Круг комплаенса и методологии", "kind": "producing", "team_lead_id": cls.auditor.id}
    )
    Stage = env["crm.stage"]
    cls.stage_new = Stage.create({"name": "Новый запрос", "sequence": 1})
    cls.stage_nego = Stage.create({"name": "Переговоры", "sequence": 2})
    cls.stage_contract = Stage.create({"name": "Договор подписан", "sequence": 3, "is_won": True})
    Team = env["crm.team"]
    cls.team_pentest = Team.create(
        {
            "name": "Направление: хакеры и пентесты",
            "coop_circle_id": cls.circle_pentest.id,
            "coop_passport_template": "<h3>Паспорт лида</h3><p>Объём работ:</p>",
            "coop_sla_ids": [
                (0, 0, {"stage_id": cls.stage_new.id, "limit_days": 2, "at_risk_percent": 50}),
                (0, 0, {"stage_id": cls.stage_nego.id, "limit_days": 10}),
            ],
        }
    )
    cls.team_compliance = Team.create(
        {"name": "Направление: комплаенс", "coop_circle_id": cls.circle_compliance.id}
    )
    Partner = env["res.partner"]
    cls.client_sber = Partner.create(
        {
            "name": "ПАО Сбербанк",
            "is_company": True,
            "coop_is_client": True,
            "vat": "7707083893",
            "coop_kpp": "773601002",
            "coop_ogrn": "1027700132195",
        }
    )
    cls.client_tbank = Partner.create(
        {
            "name": "АО «ТБанк»",
            "is_company": True,
            "coop_is_client": True,
            "vat": "7710140679",
            "coop_kpp": "771301002",
            "coop_ogrn": "1027739642281",
        }
    )
    cls.lost_reason = env["crm.lost.reason"].create({"name": "Заказчик выбрал другого подрядчика"})


class CoopCrmCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        setup_coop_crm(cls)

    def _lead(self, team, clients, **vals):
        values = {
            "name": "Пентест внешнего периметра",
            "type": "opportunity",
            "team_id": team.id,
            "coop_client_partner_ids": [(6, 0, clients.ids)],
            "stage_id": self.stage_new.id,
            "user_id": self.coordinator.id,
        }
        values.update(vals)
        return self.env["crm.lead"].create(values)

    def _lose(self, lead, reason=None, feedback="<p>Бюджет урезали</p>"):
        wizard = (
            lead.env["crm.lead.lost"]
            .with_context(active_ids=lead.ids, active_model="crm.lead")
            .create(
                {
                    "lead_ids": [(6, 0, lead.ids)],
                    "lost_reason_id": reason.id if reason else False,
                    "lost_feedback": feedback,
                }
            )
        )
        return wizard.action_lost_reason_apply()
