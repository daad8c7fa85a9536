"""Slack request signing, as Slack does it for Events API and slash-command deliveries.

starcoach rejects any request whose X-Slack-Signature does not verify, so every request the
harness sends must be signed with the same secret the server was started with (passed to it
through the environment only: never print it or put it on a command line).
"""
import hashlib
import hmac
import time


def signature_headers(secret, body, timestamp=None):
    """The X-Slack-Request-Timestamp and X-Slack-Signature headers for one request body.

    The signature is "v0=" + hex HMAC-SHA256 of "v0:{timestamp}:{body}" keyed with the
    signing secret. body may be str (UTF-8 encoded here) or bytes. The timestamp defaults to
    now; the server refuses stale ones (replay protection), so sign just before sending.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    mac = hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + mac}
