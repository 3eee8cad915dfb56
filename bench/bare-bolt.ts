/**
 * The yardstick for the turn bench: a bare Bolt 5 app over HTTP that answers every DM with one line and does nothing
 * else (no database). Started by bench/turns.ts with BARE_PORT, SLACK_API_URL and the stand-in's token and secret;
 * prints "ready" once listening.
 */
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: process.env.SLACK_BOT_TOKEN ?? '',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
  logLevel: bolt.LogLevel.ERROR,
});

app.message(async ({ say }) => {
  await say('Here is what I can do');
});

await app.start(Number(process.env.BARE_PORT));
console.log('ready');
