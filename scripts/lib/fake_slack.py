"""A fake of Slack's Web API on 127.0.0.1, so starcoach can be tested without Slack.

Point the server at it with SLACK_API_URL=fake.api_url. It answers the methods starcoach
calls (chat.postMessage, chat.postEphemeral, chat.update, chat.delete, users.info,
auth.test; anything else gets {"ok": true}) with documentation-shaped replies, and accepts
slash-command response_url posts under fake.response_url(tag).

What a test checks differs per script, so recording is a hook: subclass FakeSlack and
override record(), which sees every call Slack would have acted on (auth ok, not faulted)
together with the reply it got. Counting in the hook rather than keeping every call lets a
30-minute soak run without holding hundreds of thousands of request bodies in memory.

fault_rate > 0 answers that share of Web API calls with 429 + Retry-After: 1 or HTTP 500
(half each), like a rate-limited or failing Slack; such calls are not recorded, because
Slack did not act on them. response_url posts are never faulted.
"""
import collections
import http.server
import json
import random
import threading
import time
import urllib.parse


def parse_args(content_type, raw):
    """Web API arguments from a request body: JSON or form-encoded, as Slack accepts both.

    A body that looks like JSON is parsed as JSON even without the JSON content type;
    unparseable JSON is kept as {"_raw": text} so a check can still search its text.
    """
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if not text:
        return {}
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            return {"_raw": text}
    return {k: v[-1] for k, v in urllib.parse.parse_qs(text).items()}


class FakeSlack:
    """The fake Web API server; runs in a daemon thread from construction until close()."""

    def __init__(self, token, team, bot_user, bot_id, workspace="fake", fault_rate=0.0, seed=None):
        self.token = token
        self.team = team
        self.bot_user = bot_user
        self.bot_id = bot_id
        self.workspace = workspace
        self.fault_rate = fault_rate
        self.rng = random.Random(seed)
        # One lock for everything below and for the subclasses' records, so a test can read
        # a consistent picture while the server keeps answering.
        self.lock = threading.Lock()
        self.counts = collections.Counter()   # method -> recorded calls ("response_url" too)
        self.faults = collections.Counter()   # "429" / "500" -> injected failures
        self.bad_auth = 0                     # Web API calls without the bot token
        self._ts_seq = 0
        # Message ts values count up from the start time: unique and increasing, like Slack's.
        self._ts_base = int(time.time())
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as starcoach's client expects

            def log_message(self, *a):
                pass

            def do_POST(self):
                arrived = time.monotonic()
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                status, headers, payload = fake.handle(self.path, self.headers, body, arrived)
                data = json.dumps(payload).encode()
                self.send_response(status)
                for k, v in headers:
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass  # the caller was killed mid-call (the crash loop does that on purpose)

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # bursts of outbox retries must not be refused
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def api_url(self):
        """The value for starcoach's SLACK_API_URL."""
        return "http://127.0.0.1:%d/api" % self.port

    def response_url(self, tag):
        """A slash command's response_url; tag lets a test tell the commands apart."""
        return "http://127.0.0.1:%d/commands/%s" % (self.port, tag)

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def record(self, method, args, reply, arrived):
        """Override to record a call Slack acted on. Called with self.lock held; arrived is
        time.monotonic() when the request came in."""

    def handle(self, path, headers, body, arrived):
        """(status, extra headers, JSON reply) for one POST."""
        path = urllib.parse.urlparse(path).path
        args = parse_args(headers.get("Content-Type", ""), body)
        if path.startswith("/commands/"):
            reply = {"ok": True}
            with self.lock:
                self.counts["response_url"] += 1
                self.record("response_url", args, reply, arrived)
            return 200, [], reply
        if not path.startswith("/api/"):
            return 404, [], {"ok": False, "error": "unknown_method"}
        method = path[len("/api/"):]
        with self.lock:
            if headers.get("Authorization", "") != "Bearer " + self.token:
                self.bad_auth += 1
                return 200, [], {"ok": False, "error": "invalid_auth"}
            if self.fault_rate and self.rng.random() < self.fault_rate:
                if self.rng.random() < 0.5:
                    self.faults["429"] += 1
                    return 429, [("Retry-After", "1")], {"ok": False, "error": "ratelimited"}
                self.faults["500"] += 1
                return 500, [], {"ok": False, "error": "internal_error"}
            reply = self._reply(method, args)
            self.counts[method] += 1
            self.record(method, args, reply, arrived)
            return 200, [], reply

    def _next_ts(self):  # under self.lock
        self._ts_seq += 1
        return "%d.%06d" % (self._ts_base + self._ts_seq // 1000000, self._ts_seq % 1000000)

    def _reply(self, method, args):  # under self.lock
        if method == "chat.postMessage":
            ts = self._next_ts()
            return {"ok": True, "channel": args.get("channel", ""), "ts": ts,
                    "message": {"type": "message", "user": self.bot_user, "bot_id": self.bot_id,
                                "text": args.get("text", ""), "ts": ts}}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel", ""), "ts": args.get("ts", ""),
                    "text": args.get("text", "")}
        if method == "chat.delete":
            return {"ok": True, "channel": args.get("channel", ""), "ts": args.get("ts", "")}
        if method == "users.info":
            user = args.get("user", "")
            return {"ok": True, "user": {"id": user, "team_id": self.team, "name": user.lower(),
                                         "is_admin": False, "is_owner": False, "is_bot": False,
                                         "profile": {"real_name": user, "display_name": user}}}
        if method == "auth.test":
            return {"ok": True, "url": "https://%s.slack.com/" % self.workspace.lower(),
                    "team": self.workspace, "user": "starcoach", "team_id": self.team,
                    "user_id": self.bot_user, "bot_id": self.bot_id}
        return {"ok": True}
