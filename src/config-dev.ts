/**
 * Development conveniences: the web chat (no login), the movable development clock, and Teams without
 * authentication. They are safe only on a laptop, so:
 *
 *  - In the **local demo** (no Slack or Teams credentials, NODE_ENV not `production`) the web chat and the dev clock
 *    are on by default (`WEB_CHAT=auto`, `DEV_CLOCK` unset), and Teams without authentication with
 *    `TEAMS_DEV_NO_AUTH=true` (for the Agents Playground).
 *  - With Slack or Teams **credentials configured**, none of them runs unless it is **forced**: its own switch on
 *    (`WEB_CHAT=on`, `DEV_CLOCK=true`, `TEAMS_DEV_NO_AUTH=true`) **and** `NODE_ENV` set explicitly (an unset NODE_ENV
 *    is not a force). A switch on without an explicit NODE_ENV stops start-up with a message saying so. A forced
 *    convenience logs a warning at every start (see `forcedWarnings`).
 *  - In **production** the dev clock and Teams without authentication are refused; the web chat only with WEB_CHAT=on.
 *
 * Wherever they run, the web chat, the dev clock and Teams without authentication answer only requests whose `Host`
 * is local (see http/local-only.ts), and in development the server binds 127.0.0.1 unless HOST says otherwise.
 */

export type DevConvenience = 'webChat' | 'devClock' | 'teamsNoAuth';

export interface DevInputs {
  readonly NODE_ENV: 'development' | 'production' | 'test';
  readonly WEB_CHAT: 'auto' | 'on' | 'off';
  readonly DEV_CLOCK?: boolean | undefined;
  readonly TEAMS_DEV_NO_AUTH: boolean;
  readonly MICROSOFT_APP_ID?: string | undefined;
  readonly slack: 'off' | 'http' | 'socket';
  /** NODE_ENV as given (before its default). */
  readonly rawNodeEnv: string | undefined;
}

export interface DevDecision {
  /** No Slack or Teams credentials and NODE_ENV not production. */
  readonly localDemo: boolean;
  readonly webChat: boolean;
  readonly devClock: boolean;
  readonly teamsNoAuth: boolean;
  /** Conveniences that run outside the local demo because they were forced. */
  readonly forced: readonly DevConvenience[];
  readonly problems: readonly { path: string; message: string }[];
}

const SWITCH: Record<DevConvenience, string> = {
  webChat: 'WEB_CHAT=on',
  devClock: 'DEV_CLOCK=true',
  teamsNoAuth: 'TEAMS_DEV_NO_AUTH=true',
};
const VARIABLE: Record<DevConvenience, string> = {
  webChat: 'WEB_CHAT',
  devClock: 'DEV_CLOCK',
  teamsNoAuth: 'TEAMS_DEV_NO_AUTH',
};

export function decideDevConveniences(input: DevInputs): DevDecision {
  const production = input.NODE_ENV === 'production';
  const credentials = input.slack !== 'off' || Boolean(input.MICROSOFT_APP_ID);
  const localDemo = !credentials && !production;
  const explicitEnv = Boolean(input.rawNodeEnv?.trim());
  const teamsNoAuthAsked = input.TEAMS_DEV_NO_AUTH && !input.MICROSOFT_APP_ID;
  const asked: Record<DevConvenience, boolean> = {
    webChat: input.WEB_CHAT === 'on',
    devClock: input.DEV_CLOCK === true,
    teamsNoAuth: teamsNoAuthAsked,
  };
  const problems: { path: string; message: string }[] = [];
  const forced: DevConvenience[] = [];
  const decide = (what: DevConvenience, byDefault: boolean, allowedInProduction: boolean): boolean => {
    if (!asked[what]) return byDefault;
    if (localDemo) return true;
    if (production && !allowedInProduction) {
      problems.push({
        path: VARIABLE[what],
        message: `${SWITCH[what]} is for development only; unset it in production`,
      });
      return false;
    }
    if (!explicitEnv) {
      problems.push({
        path: VARIABLE[what],
        message: `with Slack or Teams credentials configured, ${SWITCH[what]} runs only when forced: set NODE_ENV=development explicitly as well, or unset ${VARIABLE[what]}`,
      });
      return false;
    }
    forced.push(what);
    return true;
  };
  const teamsNoAuth = decide('teamsNoAuth', false, false);
  const webChat = input.WEB_CHAT !== 'off' && decide('webChat', localDemo && !teamsNoAuthAsked, true);
  const devClock = input.DEV_CLOCK !== false && decide('devClock', localDemo, false);
  return { localDemo, webChat, devClock, teamsNoAuth, forced, problems };
}

/** One warning per forced convenience, logged at every start. */
export function forcedWarnings(forced: readonly DevConvenience[]): string[] {
  const text: Record<DevConvenience, string> = {
    webChat:
      'FORCED: the web chat is on next to Slack/Teams credentials or in production (WEB_CHAT=on). It has no login; it answers only requests to localhost.',
    devClock:
      'FORCED: the development clock is on next to Slack/Teams credentials (DEV_CLOCK=true). Time can be moved from localhost; real reminders follow it.',
    teamsNoAuth:
      'FORCED: Teams without authentication next to Slack credentials (TEAMS_DEV_NO_AUTH=true). Anyone on this machine can talk as any Teams user.',
  };
  return forced.map((what) => text[what]);
}
