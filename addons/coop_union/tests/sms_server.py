"""A local HTTP server on loopback speaking SMS.ru's API (/sms/send, /sms/status,
/my/balance) and a generic JSON gateway, recording every message it receives."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakeSmsRu:
    def __init__(self, port=None):
        self.received = []  # (number, text, sms_id)
        self.requests = 0
        self.fail_after = None  # answer 503 once this many requests were served
        self.mode = "ok"  # ok | garbage | no_funds | busy | slow
        self.slow_seconds = 2  # how long a "slow" answer takes
        self.number_errors = {}  # number -> status_code
        self.statuses = {}  # sms_id -> status_code
        self.lock = threading.Lock()
        self.server = None
        self.port = port
        self.start()

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                # statistics for the benchmark: received messages and numbers received twice
                with fake.lock:
                    counts = {}
                    for number, _text, _id in fake.received:
                        counts[number] = counts.get(number, 0) + 1
                    stats = {
                        "received": len(fake.received),
                        "duplicates": sum(c - 1 for c in counts.values()),
                    }
                payload = json.dumps(stats).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                status, answer = fake.handle(self.path, self.headers, body)
                payload = answer if isinstance(answer, str) else json.dumps(answer)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(payload.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port or 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reset(self):
        """Back to a served, healthy gateway with nothing received (between two tests)."""
        self.received.clear()
        self.requests = 0
        self.fail_after = None
        self.mode = "ok"
        self.slow_seconds = 2
        self.number_errors.clear()
        if self.server.socket.fileno() == -1:
            self.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------------ protocol
    def handle(self, path, headers, body):
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        with self.lock:
            self.requests += 1
            if self.fail_after is not None and self.requests > self.fail_after:
                return 503, "Service Unavailable"
            if path.startswith("/generic"):
                return 200, self._generic(json.loads(body))
            params = {k: v[0] for k, v in parse_qs(body).items()}
            if path.startswith("/sms/status"):
                return 200, self._status(params)
            if path.startswith("/sms/send"):
                return 200, self._send(params)
            if path.startswith("/my/balance"):
                return 200, self._balance(params)
            return 404, "not found"

    def _send(self, params):
        if params.get("api_id") != "test-key":
            return {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}
        if self.mode == "garbage":
            return "<html>Bad gateway page</html>"
        if self.mode == "no_funds":
            return {
                "status": "ERROR",
                "status_code": 201,
                "status_text": "Не хватает средств на лицевом счету",
            }
        if self.mode == "busy":
            return {"status": "ERROR", "status_code": 220, "status_text": "Сервис временно недоступен"}
        if "to" in params:
            items = [(n, params["msg"]) for n in params["to"].split(",")]
        else:
            items = [(k[6:-1], v) for k, v in params.items() if k.startswith("multi[")]
        if len(items) > 100:
            return {"status": "ERROR", "status_code": 213, "status_text": "Слишком много номеров"}
        result = {}
        for number, text in items:
            if number in result:
                raise AssertionError("the same number twice in one request")
            code = self.number_errors.get(number)
            if code:
                result[number] = {"status": "ERROR", "status_code": code, "status_text": "Ошибка"}
                continue
            sms_id = f"000000-{len(self.received) + 1:08d}"
            self.received.append((number, text, sms_id))
            self.statuses[sms_id] = 100
            result[number] = {"status": "OK", "status_code": 100, "sms_id": sms_id}
        return {"status": "OK", "status_code": 100, "sms": result, "balance": 4122.56}

    def _balance(self, params):
        if params.get("api_id") != "test-key":
            return {"status": "ERROR", "status_code": 200, "status_text": "Неправильный api_id"}
        if self.mode == "garbage":
            return "<html>Bad gateway page</html>"
        return {"status": "OK", "status_code": 100, "balance": 4122.56}

    def _status(self, params):
        result = {}
        for sms_id in params.get("sms_id", "").split(","):
            code = self.statuses.get(sms_id)
            if code is None:
                result[sms_id] = {"status": "ERROR", "status_code": -1, "status_text": "Сообщение не найдено"}
            else:
                result[sms_id] = {"status": "OK", "status_code": code, "status_text": str(code)}
        return {"status": "OK", "status_code": 100, "sms": result, "balance": 4122.56}

    def _generic(self, payload):
        results = []
        for message in payload["messages"]:
            self.received.append((message["to"], message["text"], message["id"]))
            results.append(
                {"id": message["id"], "status": "accepted", "provider_id": f"g-{len(self.received)}"}
            )
        return {"results": results}


if __name__ == "__main__":
    import sys
    import time

    fake = FakeSmsRu(port=int(sys.argv[1]) if len(sys.argv) > 1 else None)
    sys.stdout.write(f"{fake.port}\n")
    sys.stdout.flush()
    while True:
        time.sleep(3600)
