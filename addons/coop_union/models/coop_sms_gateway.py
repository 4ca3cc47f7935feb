"""SMS gateways behind every SMS Odoo sends.

Two protocols:

* ``smsru``: SMS.ru's HTTP API. ``POST <url>/sms/send`` with ``api_id``, ``json=1``, ``from``
  and either ``to`` (comma-separated numbers, up to 100) + ``msg`` or ``multi[<number>]=<text>``
  (up to 100) when texts differ. Answer::

      {"status": "OK", "status_code": 100,
       "sms": {"79121234567": {"status": "OK", "status_code": 100, "sms_id": "000000-10000000"},
               "79120000000": {"status": "ERROR", "status_code": 207, "status_text": "..."}},
       "balance": 4122.56}

  A refused request answers ``{"status": "ERROR", "status_code": 200, "status_text": "..."}``.
  Delivery statuses: ``POST <url>/sms/status`` with ``sms_id`` (comma-separated), same shape,
  keyed by ``sms_id``.
* ``http``: a generic JSON gateway. ``POST <url>`` with
  ``{"sender": ..., "messages": [{"id": <uuid>, "to": <number>, "text": <body>}]}`` and
  ``Authorization: Bearer <key>``; answer ``{"results": [{"id": <uuid>, "status":
  "accepted|delivered|rejected|invalid_number|blacklisted|no_credit|retry", "provider_id": ...,
  "error": ...}]}``.

Every answer is turned into one outcome per SMS (see ``Outcome``), which ``sms.sms`` applies.
"""

import json
import logging
from collections import namedtuple
from urllib.parse import urlsplit

import requests
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from urllib3.exceptions import NewConnectionError

_logger = logging.getLogger(__name__)

# kind: "pending" (accepted by the gateway), "sent" (delivered), "error" (final failure),
#       "retry" (certainly not sent: may be sent again later), "unknown" (may have been sent:
#       never sent again automatically).
Outcome = namedtuple("Outcome", "kind failure_type reason provider_ref delivery_error", defaults=(False,) * 4)

SMSRU_SEND_ERRORS = {
    200: "sms_acc",
    201: "sms_credit",
    202: "sms_number_format",
    203: "unknown",
    204: "sms_registration_needed",
    205: "unknown",
    206: "sms_credit",
    207: "sms_country_not_supported",
    209: "sms_blacklist",
    213: "unknown",
    230: "sms_server",
    231: "sms_server",
    232: "sms_server",
    300: "sms_acc",
    301: "sms_acc",
    302: "sms_acc",
}
# codes meaning "not processed, try again later"
SMSRU_RETRY_CODES = {220, 500}
SMSRU_PENDING = {100, 101, 102}
SMSRU_DELIVERED = {103, 110}
# delivery failures reported by /sms/status, as Odoo's delivery error names (sms_<name>)
SMSRU_DELIVERY_ERRORS = {
    104: "expired",
    105: "rejected",
    106: "not_delivered",
    107: "not_delivered",
    108: "rejected",
    150: "invalid_destination",
}

HTTP_STATUS = {
    "accepted": Outcome("pending"),
    "queued": Outcome("pending"),
    "delivered": Outcome("sent"),
    "invalid_number": Outcome("error", "sms_number_format"),
    "blacklisted": Outcome("error", "sms_blacklist"),
    "no_credit": Outcome("error", "sms_credit"),
    "rejected": Outcome("error", "sms_server"),
}


class GatewayUnavailable(Exception):
    """The request certainly did not reach the gateway or was refused before processing."""


class GatewayAmbiguous(Exception):
    """The request may have been processed: its SMS must not be sent again automatically."""


class CoopSmsGateway(models.Model):
    _name = "coop.sms.gateway"
    _description = "SMS Gateway"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    provider = fields.Selection(
        [("smsru", "SMS.ru"), ("http", "Generic HTTP")], required=True, default="smsru", tracking=True
    )
    url = fields.Char(
        string="Endpoint URL",
        required=True,
        default="https://sms.ru",
        tracking=True,
        help="SMS.ru: the API root (https://sms.ru). Generic HTTP: the full URL receiving the messages.",
    )
    status_url = fields.Char(
        string="Status URL", help="Generic HTTP only: URL answering delivery statuses (optional)."
    )
    api_key = fields.Char(
        string="API Key", groups="base.group_system", help="SMS.ru api_id, or the bearer token."
    )
    sender = fields.Char(
        string="Sender Name", tracking=True, help="Approved sender name (the 'from' of the SMS)."
    )
    batch_size = fields.Integer(
        default=100, tracking=True, help="SMS per request (SMS.ru accepts up to 100)."
    )
    rate_limit = fields.Float(
        string="Rate Limit (SMS/s)", default=50, tracking=True, help="Highest sending rate; 0 means no limit."
    )
    timeout = fields.Integer(string="Timeout (s)", default=30)
    max_attempts = fields.Integer(
        default=6, help="Attempts when the gateway is unavailable before giving up."
    )
    retry_delay = fields.Integer(
        string="Retry Delay (s)",
        default=60,
        help="First delay before retrying; doubled at every attempt (at most one hour).",
    )
    test_mode = fields.Boolean(help="SMS.ru test mode: requests are checked but nothing is sent or charged.")
    last_balance = fields.Float(readonly=True)
    last_error = fields.Char(readonly=True)

    @api.constrains("batch_size", "rate_limit", "timeout", "max_attempts", "retry_delay", "provider")
    def _check_numbers(self):
        for gateway in self:
            if gateway.batch_size < 1 or (gateway.provider == "smsru" and gateway.batch_size > 100):
                raise ValidationError(self.env._("The batch size must be between 1 and 100 SMS for SMS.ru."))
            if (
                gateway.rate_limit < 0
                or gateway.timeout < 1
                or gateway.max_attempts < 1
                or gateway.retry_delay < 0
            ):
                raise ValidationError(
                    self.env._("Rate limit, timeout, attempts and retry delay must be positive.")
                )

    @api.constrains("url", "status_url", "active")
    def _check_url(self):
        """The URLs are http(s) addresses with a host: checked when saved and when the gateway
        is activated (an older record may hold a URL saved before this check)."""
        for gateway in self:
            if gateway.active:
                gateway._url_problem(gateway.url, raise_as=ValidationError)
            if gateway.status_url:
                gateway._url_problem(gateway.status_url, raise_as=ValidationError)

    def _url_problem(self, url, raise_as=None):
        """What is wrong with ``url`` as a gateway address (False when nothing); raised as
        ``raise_as`` when given."""
        problem = False
        if not (url or "").strip():
            problem = self.env._(
                "The gateway %s has no endpoint URL: enter its address, http://host or https://host.",
                self.name,
            )
        else:
            try:
                parts = urlsplit(url.strip())
                host = parts.hostname
            except ValueError:
                parts, host = None, None
            if not parts or parts.scheme not in ("http", "https") or not host:
                problem = self.env._(
                    "“%(url)s” is not a web address the gateway %(name)s can be reached at: write it "
                    "as http://host or https://host, with an optional path (for example https://sms.ru).",
                    url=url,
                    name=self.name,
                )
        if problem and raise_as:
            raise raise_as(problem)
        return problem

    @api.model
    def _get_active(self):
        return self.sudo().search([], limit=1)

    # ------------------------------------------------------------------ transport
    def _endpoint(self, path):
        return (self.url or "").strip().rstrip("/") + path

    def _post(self, url, **kwargs):
        """POST and return the decoded JSON answer, or raise GatewayUnavailable/GatewayAmbiguous."""
        problem = self._url_problem(self.url) or self._url_problem(url)
        if problem:
            # nothing can have been sent: the SMS wait for the address to be corrected
            raise GatewayUnavailable(problem)
        try:
            response = requests.post(url, timeout=self.timeout, **kwargs)
        except requests.exceptions.ConnectTimeout as e:
            raise GatewayUnavailable(
                self.env._(
                    "Gateway unreachable at %(url)s: no connection within %(timeout)s s.",
                    url=url,
                    timeout=self.timeout,
                )
            ) from e
        except requests.exceptions.Timeout as e:
            # the request went out: the gateway may have processed it
            raise GatewayAmbiguous(self.env._("No answer from the gateway within %s s.", self.timeout)) from e
        except requests.exceptions.ConnectionError as e:
            inner = e.args[0] if e.args else None
            if isinstance(inner, NewConnectionError) or isinstance(
                getattr(inner, "reason", None), NewConnectionError
            ):
                # refused or unresolvable: nothing reached the gateway
                raise GatewayUnavailable(
                    self.env._(
                        "Gateway unreachable at %s: the connection was refused or the host is unknown.", url
                    )
                ) from e
            raise GatewayAmbiguous(self.env._("Connection lost while waiting for the gateway: %s", e)) from e
        except requests.exceptions.RequestException as e:
            raise GatewayAmbiguous(self.env._("Gateway request failed: %s", e)) from e
        if response.status_code == 429 or response.status_code >= 500:
            raise GatewayUnavailable(self.env._("Gateway answered HTTP %s.", response.status_code))
        if response.status_code >= 400:
            raise GatewayAmbiguous(self.env._("Gateway answered HTTP %s.", response.status_code))
        try:
            return response.json()
        except ValueError as e:
            raise GatewayAmbiguous(
                self.env._("Gateway answer not understood: %s", response.text[:200])
            ) from e

    # ------------------------------------------------------------------ sending
    def _send_sms(self, sms_records):
        """Hand ``sms_records`` to the gateway.

        :return: dict sms id -> Outcome
        :raise GatewayUnavailable: nothing of this batch was processed
        """
        self.ensure_one()
        if self.provider == "smsru":
            return self._smsru_send(sms_records)
        return self._http_send(sms_records)

    @staticmethod
    def _smsru_number(number):
        return "".join(c for c in number or "" if c.isdigit())

    def _smsru_send(self, sms_records):
        outcomes = {}
        # one request never carries the same number twice: the answer is keyed by number
        requests_lists, current, seen = [], [], set()
        for sms in sms_records:
            number = self._smsru_number(sms.number)
            if not number:
                outcomes[sms.id] = Outcome("error", "sms_number_missing", self.env._("No number"))
                continue
            if number in seen:
                requests_lists.append(current)
                current, seen = [], set()
            current.append((number, sms))
            seen.add(number)
        if current:
            requests_lists.append(current)
        for index, items in enumerate(requests_lists):
            try:
                outcomes.update(self._smsru_send_request(items))
            except GatewayUnavailable:
                if index == 0:
                    raise
                # the first requests went through: the rest of the batch waits for the retry
                for _number, sms in (item for rest in requests_lists[index:] for item in rest):
                    outcomes[sms.id] = Outcome("retry", "sms_server", self.env._("Gateway unavailable"))
                break
            except GatewayAmbiguous as e:
                for _number, sms in items:
                    outcomes[sms.id] = Outcome("unknown", "unknown", str(e))
        return outcomes

    def _smsru_send_request(self, items):
        data = {"api_id": self.sudo().api_key or "", "json": 1}
        if self.sender:
            data["from"] = self.sender
        if self.test_mode:
            data["test"] = 1
        bodies = {sms.body for _number, sms in items}
        if len(bodies) == 1:
            data["to"] = ",".join(number for number, _sms in items)
            data["msg"] = bodies.pop() or ""
        else:
            for number, sms in items:
                data[f"multi[{number}]"] = sms.body or ""
        answer = self._post(self._endpoint("/sms/send"), data=data)
        if not isinstance(answer, dict) or "status" not in answer:
            raise GatewayAmbiguous(self.env._("Gateway answer not understood: %s", json.dumps(answer)[:200]))
        if answer.get("status") != "OK":
            code = _int(answer.get("status_code"))
            reason = self.env._(
                "SMS.ru refused the request: %(code)s %(text)s", code=code, text=answer.get("status_text", "")
            )
            self.sudo().last_error = reason
            if code in SMSRU_RETRY_CODES:
                raise GatewayUnavailable(reason)
            failure = SMSRU_SEND_ERRORS.get(code, "unknown")
            return {sms.id: Outcome("error", failure, reason) for _number, sms in items}
        if "balance" in answer:
            self.sudo().last_balance = float(answer.get("balance") or 0.0)
        per_number = answer.get("sms") or {}
        outcomes = {}
        for number, sms in items:
            result = per_number.get(number)
            if not isinstance(result, dict):
                outcomes[sms.id] = Outcome(
                    "unknown",
                    "unknown",
                    self.env._("The gateway's answer does not mention number %s.", number),
                )
                continue
            code = _int(result.get("status_code"))
            if result.get("status") == "OK" and code in SMSRU_PENDING | SMSRU_DELIVERED:
                kind = "sent" if code in SMSRU_DELIVERED else "pending"
                outcomes[sms.id] = Outcome(kind, False, False, result.get("sms_id") or False)
            elif code in SMSRU_RETRY_CODES:
                outcomes[sms.id] = Outcome("retry", "sms_server", result.get("status_text") or str(code))
            elif result.get("status") == "ERROR" or code in SMSRU_SEND_ERRORS:
                reason = self.env._(
                    "SMS.ru error %(code)s: %(text)s", code=code, text=result.get("status_text", "")
                )
                outcomes[sms.id] = Outcome("error", SMSRU_SEND_ERRORS.get(code, "unknown"), reason)
            else:
                outcomes[sms.id] = Outcome(
                    "unknown",
                    "unknown",
                    self.env._("Gateway answer not understood: %s", json.dumps(result)[:200]),
                )
        return outcomes

    def _http_send(self, sms_records):
        payload = {
            "sender": self.sender or "",
            "messages": [{"id": sms.uuid, "to": sms.number, "text": sms.body or ""} for sms in sms_records],
        }
        headers = {"Authorization": f"Bearer {self.sudo().api_key or ''}"}
        try:
            answer = self._post((self.url or "").strip(), json=payload, headers=headers)
        except GatewayAmbiguous as e:
            return {sms.id: Outcome("unknown", "unknown", str(e)) for sms in sms_records}
        results = answer.get("results") if isinstance(answer, dict) else None
        by_uuid = {r.get("id"): r for r in results or [] if isinstance(r, dict)}
        outcomes = {}
        for sms in sms_records:
            result = by_uuid.get(sms.uuid)
            if result is None:
                outcomes[sms.id] = Outcome(
                    "unknown", "unknown", self.env._("The gateway's answer does not mention this SMS.")
                )
                continue
            status = result.get("status")
            if status == "retry":
                outcomes[sms.id] = Outcome(
                    "retry", "sms_server", result.get("error") or self.env._("Gateway busy")
                )
            elif status in HTTP_STATUS:
                base = HTTP_STATUS[status]
                outcomes[sms.id] = base._replace(
                    reason=result.get("error") or False, provider_ref=result.get("provider_id") or False
                )
            else:
                outcomes[sms.id] = Outcome(
                    "unknown",
                    "unknown",
                    self.env._("Gateway answer not understood: %s", json.dumps(result)[:200]),
                )
        return outcomes

    # ------------------------------------------------------------------ delivery statuses
    def _fetch_statuses(self, sms_records):
        """Ask the gateway for the delivery status of accepted SMS.

        :return: dict sms id -> Outcome (only for SMS whose status changed)
        """
        self.ensure_one()
        if self.provider != "smsru":
            return {}
        by_ref = {sms.coop_provider_ref: sms for sms in sms_records if sms.coop_provider_ref}
        if not by_ref:
            return {}
        data = {"api_id": self.sudo().api_key or "", "json": 1, "sms_id": ",".join(by_ref)}
        answer = self._post(self._endpoint("/sms/status"), data=data)
        if not isinstance(answer, dict) or answer.get("status") != "OK":
            raise GatewayAmbiguous(self.env._("Gateway answer not understood: %s", json.dumps(answer)[:200]))
        outcomes = {}
        for ref, result in (answer.get("sms") or {}).items():
            sms = by_ref.get(ref)
            if not sms or not isinstance(result, dict):
                continue
            code = _int(result.get("status_code"))
            text = result.get("status_text") or str(code)
            if code in SMSRU_DELIVERED:
                outcomes[sms.id] = Outcome("sent", False, False, ref)
            elif code in SMSRU_DELIVERY_ERRORS:
                outcomes[sms.id] = Outcome("error", "unknown", text, ref, SMSRU_DELIVERY_ERRORS[code])
            elif code == -1:
                outcomes[sms.id] = Outcome("error", "unknown", text, ref, "not_delivered")
        return outcomes

    def action_test_connection(self):
        """Ask SMS.ru for the balance: a notification tells the balance or what went wrong (the
        error is also kept in Last Error)."""
        self.ensure_one()
        self.check_access("write")
        if self.provider != "smsru":
            return self._notification(self.env._("Only SMS.ru gateways answer a balance request."), "warning")
        try:
            answer = self._post(
                self._endpoint("/my/balance"),
                data={"api_id": self.sudo().api_key or "", "json": 1},
            )
            if not isinstance(answer, dict) or "status" not in answer:
                raise GatewayAmbiguous(
                    self.env._("Gateway answer not understood: %s", json.dumps(answer)[:200])
                )
            if answer["status"] != "OK":
                raise GatewayAmbiguous(
                    self.env._(
                        "SMS.ru refused the request: %(code)s %(text)s",
                        code=answer.get("status_code"),
                        text=answer.get("status_text", ""),
                    )
                )
            balance = float(answer.get("balance") or 0.0)
        except (GatewayUnavailable, GatewayAmbiguous, TypeError, ValueError) as e:
            message = self.env._(
                "The balance of %(name)s could not be checked: %(error)s", name=self.name, error=e
            )
            self.last_error = message
            return self._notification(message, "danger")
        self.write({"last_balance": balance, "last_error": False})
        return self._notification(
            self.env._("Balance of %(name)s: %(balance)s", name=self.name, balance=balance), "success"
        )

    def _notification(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
