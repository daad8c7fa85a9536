"""Running the real `starcoach` binary for a test: environment, start, health, stop.

The server is configured only through its environment (never its command line), which also
keeps the signing secret and bot token out of `ps` output. Each test gets its own database
and port in a temporary directory, so runs never touch a real installation or each other.
"""
import http.client
import os
import re
import signal
import socket
import subprocess
import time

from lib.signing import signature_headers


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StarcoachProcess:
    """`BINARY serve` (and one-shot CLI commands) on WORKDIR/starcoach.db and a free port.

    Its output goes to WORKDIR/log_name, appended across restarts so a crash loop keeps the
    whole story. extra_env is applied last, so it may override any default.
    """

    def __init__(self, binary, workdir, secret, token, api_url, channel, extra_env=None,
                 log_name="starcoach.log"):
        self.binary = os.path.abspath(binary)
        self.workdir = workdir
        self.db = os.path.join(workdir, "starcoach.db")
        self.port = free_port()
        self.log_path = os.path.join(workdir, log_name)
        self.proc = None
        self._secret = secret  # for signing requests; deliberately not in repr or output
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "SLACK_SIGNING_SECRET": secret, "SLACK_BOT_TOKEN": token,
            "SLACK_API_URL": api_url, "STARCOACH_DB": self.db,
            "STARCOACH_HOST": "127.0.0.1", "STARCOACH_PORT": str(self.port),
            "STARCOACH_CHANNEL": channel, "STARCOACH_TZ": "UTC",
            # A posting time the test will not cross, so the scheduler stays quiet; tests post
            # the daily question themselves with `post-daily --force`.
            "STARCOACH_POST_AT": "23:59", "STARCOACH_DAYS": "daily",
        }
        self.env.update(extra_env or {})

    def cli(self, args, timeout=60):
        """Runs `BINARY ARGS...` with the server's environment; returns the CompletedProcess."""
        return subprocess.run([self.binary] + args, env=self.env, cwd=self.workdir,
                              capture_output=True, text=True, timeout=timeout)

    def start(self, within=15.0):
        """Starts `serve` and waits until /healthz answers 200; False if it exits or is not
        healthy within `within` seconds (the caller decides whether to stop it)."""
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, cwd=self.workdir,
                                     stdout=log, stderr=subprocess.STDOUT)
        log.close()  # the child holds its own descriptor
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, _ = self.get("/healthz", timeout=1)
                if status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def kill9(self):
        """SIGKILL (no chance to clean up) and reap; returns time.monotonic() of the kill."""
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        t = time.monotonic()
        if self.proc:
            self.proc.wait()
        return t

    def terminate(self, grace=15):
        """SIGTERM, as a service manager would, then SIGKILL after `grace` seconds. Returns
        the exit status (None if never started; "killed after Ns" if it had to be killed)."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "killed after %ds" % grace

    def get(self, path, timeout=5):
        """(status, body text) of a GET on a fresh connection; raises OSError if it is down."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def post_signed(self, path, body, content_type, extra_headers=None, timeout=5):
        """(status, body text) of one signed POST on a fresh connection, as Slack sends it."""
        headers = {"Content-Type": content_type}
        headers.update(signature_headers(self._secret, body))
        headers.update(extra_headers or {})
        data = body.encode("utf-8") if isinstance(body, str) else body
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("POST", path, body=data, headers=headers)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def queue_depth(self, timeout=5):
        """starcoach_queue_depth from /metrics (pending inbox + outbox work), or None when the
        server does not answer; 0 means everything acknowledged has been sent to Slack."""
        try:
            status, text = self.get("/metrics", timeout=timeout)
        except OSError:
            return None
        m = re.search(r"^starcoach_queue_depth\s+(\S+)", text, re.M)
        if status != 200 or not m:
            return None
        try:
            return float(m.group(1))
        except ValueError:
            return None

    def log_tail(self, n=40):
        """The last n lines of the server's output, for failure reports."""
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
            return "\n".join(lines[-n:])
        except OSError:
            return ""
