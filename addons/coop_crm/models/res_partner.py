from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.coop_circles.tools.access import check_no_server_fields, check_readable, relation_ids
from odoo.exceptions import AccessError, ValidationError
from odoo.tools.sql import column_exists, create_column

from ..tools import ru_requisites
from ..tools.rules_sql import check_rules_in_sql

# Stored computed fields of a contact: written by the server only (they feed the NDA rule).
SERVER_FIELDS = ("coop_head_card_id", "coop_circle_ids")


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_is_client = fields.Boolean(
        string="Client Head Card",
        tracking=True,
        help="A legal entity of the client base (potential, current or past client).",
    )
    coop_kpp = fields.Char(
        string="KPP", size=9, tracking=True, help="Tax registration reason code (9 characters)."
    )
    coop_ogrn = fields.Char(
        string="OGRN",
        size=15,
        tracking=True,
        help="Primary state registration number: 13 digits (OGRN) or 15 digits (OGRNIP).",
    )
    coop_postal_address = fields.Text(
        string="Postal Address", tracking=True,
        help="Where the client's mail goes, when it differs from the legal address above.",
    )
    coop_head_card_id = fields.Many2one(
        "res.partner",
        string="Client Head Card of",
        compute="_compute_coop_head_card_id",
        store=True,
        index=True,
        help="The head card of the client base this contact belongs to, if any.",
    )
    coop_coordinator_ids = fields.Many2many(
        "res.users",
        "coop_crm_partner_coordinator_rel",
        "partner_id",
        "user_id",
        string="Responsible Coordinators",
        domain=lambda self: [("groups_id", "in", self.env.ref("coop_circles.group_coop_coordinator").id)],
    )
    coop_extra_circle_ids = fields.Many2many(
        "coop.circle",
        "coop_crm_partner_extra_circle_rel",
        "partner_id",
        "circle_id",
        string="Other Circles Working with the Client",
    )
    coop_lead_ids = fields.Many2many(
        "crm.lead",
        "coop_crm_lead_client_rel",
        "partner_id",
        "lead_id",
        string="Leads",
        context={"active_test": False},
    )
    coop_circle_ids = fields.Many2many(
        "coop.circle",
        "coop_crm_partner_circle_rel",
        "partner_id",
        "circle_id",
        string="Circles Working with the Client",
        compute="_compute_coop_circle_ids",
        store=True,
        help="Circles of the directions of the client's leads, plus the other circles set by hand. "
        "Their specialists may see the client's dossier.",
    )
    coop_lead_count = fields.Integer(compute="_compute_coop_counts", string="Leads Count")
    coop_lost_lead_count = fields.Integer(compute="_compute_coop_counts", string="Refusals Count")
    coop_project_count = fields.Integer(compute="_compute_coop_counts", string="Projects Count")

    def _auto_init(self):
        # A new column of NULLs is right for every existing partner (no head card yet):
        # create it here so that installing on a large contact base computes nothing.
        if not column_exists(self.env.cr, self._table, "coop_head_card_id"):
            create_column(self.env.cr, self._table, "coop_head_card_id", "int4")
        return super()._auto_init()

    def _check_access(self, operation):
        # the client dossier rule in one query for the whole recordset (see tools/rules_sql.py)
        return check_rules_in_sql(
            self, operation, lambda records: super(ResPartner, records)._check_access(operation)
        )

    @api.depends("coop_is_client", "commercial_partner_id", "commercial_partner_id.coop_is_client")
    def _compute_coop_head_card_id(self):
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.coop_head_card_id = commercial if commercial.coop_is_client else False

    @api.depends("coop_lead_ids.coop_circle_id", "coop_extra_circle_ids")
    def _compute_coop_circle_ids(self):
        for partner in self:
            leads = partner.with_context(active_test=False).coop_lead_ids
            partner.coop_circle_ids = leads.coop_circle_id | partner.coop_extra_circle_ids

    @api.depends_context("uid")
    def _compute_coop_counts(self):
        """Counted in three grouped queries for all the partners shown, as the user sees them."""
        partners = self.filtered("id")
        (self - partners).update({"coop_lead_count": 0, "coop_lost_lead_count": 0, "coop_project_count": 0})
        if not partners:
            return
        leads, lost = defaultdict(int), defaultdict(int)
        groups = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("coop_client_partner_ids", "in", partners.ids)],
                ["coop_client_partner_ids", "active", "coop_outcome"],
                ["__count"],
            )
        )
        for client, active, outcome, count in groups:
            if active:
                leads[client.id] += count
            if outcome == "lost":
                lost[client.id] += count
        projects = defaultdict(int)
        for customer, count in self.env["project.project"]._read_group(
            [("partner_id", "child_of", partners.ids)], ["partner_id"], ["__count"]
        ):
            # a project counts for its customer and every card above it (child_of)
            while customer:
                projects[customer.id] += count
                customer = customer.sudo().parent_id
        for partner in partners:
            partner.coop_lead_count = leads[partner.id]
            partner.coop_lost_lead_count = lost[partner.id]
            partner.coop_project_count = projects[partner.id]

    # ------------------------------------------------------------------ requisites
    @api.constrains("vat", "coop_kpp", "coop_ogrn", "coop_is_client", "is_company", "country_id")
    def _check_coop_requisites(self):
        """The INN of every Russian organisation and of every head card is checked (Odoo's
        base_vat would check every country's tax numbers and can query the EU VIES service);
        the other requisites of head cards as well."""
        for partner in self:
            russian = partner.is_company and partner.country_id.code == "RU"
            if not (partner.coop_is_client or russian):
                continue
            inn = ru_requisites.compact(partner.vat)
            if inn and not ru_requisites.is_valid_inn(inn):
                raise ValidationError(
                    self.env._(
                        "The INN %s is not valid: an organisation's INN has 10 digits and an individual "
                        "entrepreneur's 12, and the check digits must match.",
                        partner.vat,
                    )
                )
            if not partner.coop_is_client:
                continue
            if partner.is_company and inn and len(inn) == 10 and not partner.coop_kpp:
                raise ValidationError(self.env._("An organisation with a 10-digit INN needs its KPP."))
            if partner.coop_kpp and not ru_requisites.is_valid_kpp(partner.coop_kpp):
                raise ValidationError(
                    self.env._(
                        "The KPP %s is not valid: it has 9 characters (4 digits, 2 digits or letters, 3 digits).",
                        partner.coop_kpp,
                    )
                )
            ogrn = ru_requisites.compact(partner.coop_ogrn)
            if ogrn and not ru_requisites.is_valid_ogrn(ogrn):
                raise ValidationError(
                    self.env._(
                        "The OGRN %s is not valid: an OGRN has 13 digits, an OGRNIP 15, and the check "
                        "digit must match.",
                        partner.coop_ogrn,
                    )
                )
            if inn and ogrn and len(inn) == 10 and len(ogrn) != 13:
                raise ValidationError(self.env._("An organisation (10-digit INN) has a 13-digit OGRN."))
            if inn and ogrn and len(inn) == 12 and len(ogrn) != 15:
                raise ValidationError(self.env._("An individual entrepreneur (12-digit INN) has a 15-digit OGRNIP."))
            if inn:
                duplicate = (
                    self.sudo()
                    .with_context(active_test=False)
                    .search(
                        [
                            ("id", "!=", partner.id),
                            ("coop_is_client", "=", True),
                            ("vat", "=", partner.vat),
                            ("coop_kpp", "=", partner.coop_kpp or False),
                        ],
                        limit=1,
                    )
                )
                if duplicate and not duplicate.with_env(self.env).has_access("read"):
                    # INNs are public: naming a card the user may not open would tell him who our
                    # clients are.
                    raise ValidationError(
                        self.env._(
                            "A client card with INN %(inn)s and KPP %(kpp)s already exists in the client base; "
                            "ask a coordinator.",
                            inn=partner.vat,
                            kpp=partner.coop_kpp or "-",
                        )
                    )
                if duplicate:
                    raise ValidationError(
                        self.env._(
                            "The client base already has a head card with INN %(inn)s and KPP %(kpp)s: %(name)s.",
                            inn=partner.vat,
                            kpp=partner.coop_kpp or "-",
                            name=duplicate.display_name,
                        )
                    )

    @api.model
    def _coop_clean_requisites(self, vals):
        for key in ("vat", "coop_kpp", "coop_ogrn"):
            if vals.get(key):
                vals[key] = ru_requisites.compact(vals[key])
        return vals

    def _coop_check_chosen_records(self, vals):
        """Leads linked from the client's side feed the NDA rule as superuser: readable ones only."""
        check_no_server_fields(self, vals, SERVER_FIELDS)
        if vals.get("parent_id") and not self.env.su:
            # A contact put under a client's card takes its data and its dossier's access.
            parent = self.browse(vals["parent_id"])
            if parent.sudo().coop_head_card_id:
                check_readable(parent, self.env._("You can only attach a contact to a client card you may open."))
        if (
            "coop_is_client" in vals
            and not self.env.su
            and (
                any(partner.coop_is_client != bool(vals["coop_is_client"]) for partner in self.sudo())
                or (not self and vals["coop_is_client"])
            )
        ):
            # Unmarking a head card would open its dossier to everyone: the coordinators keep the client base.
            if not self.env.user.has_group("coop_circles.group_coop_coordinator"):
                raise AccessError(self.env._("Only coordinators add cards to the client base or take them out."))
        sharing = {"coop_coordinator_ids", "coop_extra_circle_ids"} & set(vals)
        if sharing and not self.env.su:
            # Both open the client's dossier to more people: the coordinators decide.
            if not self.env.user.has_group("coop_circles.group_coop_coordinator"):
                raise AccessError(self.env._("Only coordinators choose who else works with a client."))
            coordinators = self.env["res.users"].sudo().browse(relation_ids(vals.get("coop_coordinator_ids")))
            if any(
                not user.has_group("coop_circles.group_coop_coordinator") for user in coordinators.exists()
            ):
                raise ValidationError(self.env._("The responsible coordinators of a client are coordinators."))
        if vals.get("coop_lead_ids") and not self.env.su:
            check_readable(
                self.env["crm.lead"].browse(relation_ids(vals["coop_lead_ids"])),
                self.env._("You can only link leads you are allowed to see."),
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_chosen_records(vals)
            if vals.get("coop_is_client"):
                self._coop_clean_requisites(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_chosen_records(vals)
        if vals.get("coop_is_client") or (self and all(self.mapped("coop_is_client"))):
            vals = self._coop_clean_requisites(dict(vals))
        return super().write(vals)

    # ------------------------------------------------------------------ smart buttons
    def action_coop_open_leads(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_crm.action_coop_crm_leads")
        action["domain"] = [("coop_client_partner_ids", "in", self.ids)]
        action["context"] = {
            "default_coop_client_partner_ids": [self.id],
            "search_default_coop_client_partner_ids": False,
        }
        return action

    def action_coop_open_lost_leads(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_crm.action_coop_crm_refusals")
        action["domain"] = [("coop_client_partner_ids", "in", self.ids), ("coop_outcome", "=", "lost")]
        return action

    def action_coop_open_projects(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_crm.action_coop_crm_projects")
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action
