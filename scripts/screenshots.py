"""Screenshots of coop's main screens, as the demo users see them (make screenshots).

Drives headless Chromium over the DevTools protocol (websocket-client) against a running Odoo
with the coop demo database, logs in as each demo user (password = login) and saves a desktop
(1440x900) and a phone (390x844) PNG of each screen into docs/screenshots/.

    python scripts/screenshots.py --url http://127.0.0.1:8285 --db coop_screenshots [--only NAME]
"""

import argparse
import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1440, 900, False), "phone": (390, 844, True)}
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
VIEW_READY = ".o_action_manager .o_view_controller, .o_action_manager .o_form_view"

# name, login, URL (or a record to find, see record_url), what must be on the screen[, what to
# click first: a tab worth showing]
SCREENS = [
    ("crm-leads", "coordinator", "/odoo/action-coop_crm.action_coop_crm_leads", ".o_kanban_record"),
    ("crm-lead-form", "coordinator", "lead", ".o_form_view .o_form_sheet"),
    ("circles-org-chart", "chairman", "/odoo/action-coop_circles.action_coop_circle_org_chart",
     ".o_hierarchy_node, .o_kanban_record"),
    ("servicedesk-tickets", "compliance",
     "/odoo/action-helpdesk_mgmt.helpdesk_ticket_action?view_type=kanban", ".o_kanban_record"),
    ("servicedesk-ticket-form", "compliance", "ticket", ".o_form_view .o_form_sheet"),
    ("portal-servicedesk", "sber_portal", "/my/servicedesk", "#wrap, main"),
    ("portal-tickets", "sber_portal", "/my/tickets", "#wrap, main"),
    ("docflow-document", "docflow_chairman", "document", ".o_form_view .o_form_sheet",
     ".o_notebook_headers a[name=resolutions]"),
    ("union-members", "union_federation", "/odoo/action-coop_union.action_coop_union_member",
     ".o_data_row, .o_kanban_record"),
    ("union-absence-schedule", "docflow_chairman",
     "/odoo/action-coop_union_hr.action_coop_union_hr_absence_schedule", ".o_calendar_view .fc-event, .o_calendar_view"),
    ("union-appeal-form", "union_primary_steel", "/union/appeal", "main textarea[name=text]"),
    ("union-organisations", "union_federation",
     "/odoo/action-coop_union.action_coop_union_organization", ".o_hierarchy_node, .o_kanban_record"),
    ("capacity-load", "coordinator", "/odoo/action-coop_crm.action_coop_capacity_load",
     ".o_data_row, .o_kanban_record"),
    ("circles-meetings", "chairman", "/odoo/action-coop_circles.coop_circle_meeting_action",
     ".o_data_row, .o_kanban_record"),
    ("circles-council-decisions", "chairman",
     "/odoo/action-coop_circles.coop_circle_decision_action_council", ".o_data_row, .o_kanban_record"),
    ("servicedesk-my-requests", "accountant",
     "/odoo/action-coop_servicedesk.helpdesk_ticket_action_my_requests",
     ".o_data_row, .o_kanban_record, .o_view_nocontent"),
]


class Odoo:
    """A JSON-RPC session of one demo user."""

    def __init__(self, url, db, login):
        self.url = url
        self.http = requests.Session()
        res = self.http.post(
            f"{url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": login}},
            timeout=120,
        ).json()
        if res.get("error") or not res.get("result", {}).get("uid"):
            raise SystemExit(f"cannot log in as {login} (password = login): {res.get('error')}")
        self.lang = res["result"].get("user_context", {}).get("lang")
        self.session_id = self.http.cookies["session_id"]

    def search_read(self, model, domain, fields=("id",), order=None):
        res = self.http.post(
            f"{self.url}/web/dataset/call_kw/{model}/search_read",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": "search_read",
                    "args": [domain, list(fields)],
                    "kwargs": {"limit": 1, "order": order} if order else {"limit": 1},
                },
            },
            timeout=120,
        ).json()
        if res.get("error"):
            raise SystemExit(f"{model}: {res['error']['data']['message']}")
        return res["result"]


def record_url(session, what):
    """The form of a telling demo record: the first domain the user has a record for."""
    choices = {
        "lead": ("crm.lead", "coop_crm.action_coop_crm_leads", [
            [("type", "=", "opportunity"), ("coop_client_partner_ids", "!=", False), ("active", "=", True)],
        ], "priority desc, expected_revenue desc, id"),
        "ticket": ("helpdesk.ticket", "helpdesk_mgmt.helpdesk_ticket_action", [
            [("closed", "=", False), ("partner_id.parent_id", "!=", False)],
            [("closed", "=", False)],
        ], "priority desc, id"),
        "document": ("coop.document", "coop_docflow.action_coop_document", [
            [("resolution_ids", "!=", False), ("state", "in", ("in_execution", "on_resolution"))],
            [("resolution_ids", "!=", False)],
        ], "id desc"),
    }
    if what not in choices:
        return what
    model, action, domains, order = choices[what]
    for domain in domains:
        rec = session.search_read(model, domain, order=order)
        if rec:
            return f"/odoo/action-{action}/{rec[0]['id']}"
    return None


class Chromium:
    """Headless Chromium and one page, over the DevTools protocol."""

    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which(
            "google-chrome"
        )
        if not binary:
            raise SystemExit("chromium is needed for the screenshots (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="coop-screens-")
        self.proc = subprocess.Popen(  # noqa: S603
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--force-device-scale-factor=1", "--lang=ru-RU", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        pages = [t for t in requests.get(f"http://127.0.0.1:{port}/json", timeout=30).json()
                 if t["type"] == "page"]
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=120, suppress_origin=True
        )
        self.seq = 0

    def send(self, method, **params):
        self.seq += 1
        self.ws.send(json.dumps({"id": self.seq, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.seq:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        res = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                        awaitPromise=True)
        return res.get("result", {}).get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)

    def shoot(self, url, session_id, size, ready, click=(), timeout=90):
        width, height, mobile = SIZES[size]
        self.send("Network.enable")
        self.send("Network.clearBrowserCookies")
        self.send("Network.setCookie", name="session_id", value=session_id, url=url)
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)
        self.send("Emulation.setTouchEmulationEnabled", enabled=mobile, maxTouchPoints=5)
        self.send("Emulation.setUserAgentOverride", userAgent=PHONE_UA if mobile else "")
        self.send("Page.enable")
        self.send("Page.navigate", url="about:blank")
        self.send("Page.navigate", url=url)
        check = (
            "document.readyState === 'complete' && !!document.querySelector(%s)"
            " && !document.querySelector('.o_loading_indicator, .o_blockUI, .o-main-components-container .o_loading')"
            % json.dumps(ready)
        )
        deadline = time.time() + timeout
        while not self.evaluate(check):
            if time.time() > deadline:
                raise TimeoutError(f"{url}: nothing matched {ready!r} in {timeout}s")
            time.sleep(0.5)
        for selector in click:
            self.evaluate("document.querySelector(%s)?.click()" % json.dumps(selector))
            time.sleep(1)
        self.evaluate("document.fonts.ready.then(() => true)")
        time.sleep(1.5)  # animations and late widgets (hierarchy lines, avatars)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        return base64.b64decode(data)

    def latin_words(self):
        """Latin words on the screen: English left in a Russian interface, for the reader to judge
        (names such as Telegram or VPN are Latin too)."""
        text = self.evaluate("document.body.innerText") or ""
        return sorted(set(re.findall(r"\b[A-Za-z][A-Za-z'-]{2,}\b", text)))


def save_png(raw, path):
    """A palette PNG: UI screens keep their look at a third of the size."""
    img = Image.open(io.BytesIO(raw)).convert("RGB")
    img = img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    img.save(path, optimize=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("COOP_SCREENSHOTS_URL", "http://127.0.0.1:8285"))
    parser.add_argument("--db", required=True)
    parser.add_argument("--only", action="append", help="screen name (repeatable)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sessions = {}
    browser = Chromium()
    failed = []
    try:
        for name, login, target, ready, *click in SCREENS:
            if args.only and name not in args.only:
                continue
            if login not in sessions:
                sessions[login] = Odoo(args.url, args.db, login)
                if sessions[login].lang != "ru_RU":
                    print(f"warning: {login} works in {sessions[login].lang}, not in Russian")
            session = sessions[login]
            path = record_url(session, target)
            if not path:
                print(f"{name}: {login} has no record to show, skipped")
                failed.append(name)
                continue
            for size in SIZES:
                file = out / f"{name}-{size}.png"
                try:
                    raw = browser.shoot(args.url + path, session.session_id, size, ready, click)
                    save_png(raw, file)
                    latin = browser.latin_words()
                except (TimeoutError, RuntimeError) as exc:
                    print(f"{name} ({size}): {exc}")
                    failed.append(f"{name}-{size}")
                    continue
                print(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file}"
                      f"  {file.stat().st_size // 1024} KB  ({login}: {path})")
                if latin:
                    print("    latin words: " + " ".join(latin[:40]))
    finally:
        browser.close()
    if failed:
        print("not taken: " + ", ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
