"""Helpers shared by the test-harness scripts in scripts/ (crash_loop.py, soak.py).

Both scripts drive the real `starcoach` binary against an in-process fake of Slack, so they
need the same pieces: a fake Slack Web API (fake_slack), Slack request signing (signing) and
starting, probing and stopping the server process (starcoach_process). Keeping one copy
means a fix to, say, the signature format or the health-check loop reaches both.

Python 3 standard library only, like the scripts themselves. The scripts put their own
directory on sys.path (from __file__), so `import lib.x` works from any working directory.
"""
