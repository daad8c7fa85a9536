// Minimal Slack Bolt for JavaScript app: the baseline for bench/load/run.sh.
// It verifies the Slack signature (Bolt's default HTTPReceiver does) and acknowledges
// /practice with trivial work. Listens on POST /slack/events, port from $PORT.
'use strict';
const { App, LogLevel } = require('@slack/bolt');

const signingSecret = process.env.SLACK_SIGNING_SECRET;
if (!signingSecret) {
  console.error('SLACK_SIGNING_SECRET is required');
  process.exit(2);
}
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';

const app = new App({
  signingSecret,
  token: process.env.SLACK_BOT_TOKEN || 'xoxb-bench',
  tokenVerificationEnabled: false, // do not call auth.test at start
  // With tokenVerificationEnabled: false, Bolt 4/5 still calls auth.test lazily on every
  // request unless the bot ids are known; give them so no request leaves the machine.
  botId: 'B0BENCH01',
  botUserId: 'U0BENCHBOT',
  logLevel: LogLevel.ERROR,
});

app.command('/practice', async ({ ack }) => {
  await ack({ response_type: 'ephemeral', text: 'ok' });
});

(async () => {
  await app.start({ port, host });
  console.log(`bolt listening on ${host}:${port}`);
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
