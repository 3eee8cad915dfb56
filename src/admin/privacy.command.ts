/**
 * The privacy officer's commands. `export` writes everything held about one person (Markdown + JSON, the same files
 * the person gets from `my data`); `delete` removes them exactly as `delete my data` does (the other person of each
 * trajectory is told, the data keys are destroyed, every document naming them is removed), after `--yes`;
 * `rewrap-keys` re-wraps every data key under the current ENCRYPTION_KEY after a rotation.
 * A person is named by `--email`, `--person <id>` or `--platform <channel>:<tenant>:<user>` (e.g. slack:T0123:U0456).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, coachingSettings, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { silentLogger } from '../core/logger.js';
import type { Person } from '../coaching/model.js';
import { exportFiles } from '../coaching/privacy/export.render.js';
import { erasePerson } from '../coaching/privacy/privacy.handlers.js';
import { translator } from '../i18n/index.js';
import { masterKeyRing } from '../security/master-key.source.js';
import { parseArgs, type AdminCommand, type AdminContext } from './command.js';

const WHO = '--email <address> | --person <id> | --platform <channel>:<tenant>:<user>';

export async function openApp(ctx: AdminContext): Promise<App> {
  const config = loadConfig(ctx.env);
  return createApp({
    connection: ctx.connection,
    clock: { now: ctx.now },
    logger: silentLogger,
    settings: coachingSettings(config),
    keys: masterKeyRing(config, silentLogger),
  });
}

async function findPerson(app: App, values: Map<string, string>): Promise<Person | null | 'usage'> {
  const email = values.get('email');
  const id = values.get('person');
  const platform = values.get('platform');
  if ([email, id, platform].filter(Boolean).length !== 1) return 'usage';
  if (email) return app.store.people.findByEmail(email);
  if (id) return app.store.people.get(id);
  const [channel, tenantId, ...user] = (platform ?? '').split(':');
  if ((channel !== 'slack' && channel !== 'teams' && channel !== 'web') || !tenantId || user.length === 0)
    return 'usage';
  return app.store.people.findByIdentity({ channel, tenantId, userId: user.join(':') });
}

async function withPerson(
  ctx: AdminContext,
  args: readonly string[],
  name: string,
  valued: readonly string[],
  flagsAllowed: readonly string[],
  run: (app: App, person: Person, values: Map<string, string>, flags: Set<string>) => Promise<number>,
): Promise<number> {
  const { flags, values, positional } = parseArgs(args, ['email', 'person', 'platform', ...valued]);
  const app = await openApp(ctx);
  const person =
    positional.length || [...flags].some((f) => !flagsAllowed.includes(f)) ? 'usage' : await findPerson(app, values);
  if (person === 'usage') {
    ctx.err(`usage: npm run admin -- ${name} ${WHO}${valued.map((v) => ` [--${v} …]`).join('')}`);
    return 2;
  }
  if (!person) {
    ctx.err('Nobody with that e-mail, id or platform id is known.');
    return 1;
  }
  return run(app, person, values, flags);
}

export const exportCommand: AdminCommand = {
  name: 'export',
  summary: 'write everything held about one person (Markdown + JSON) into a folder',
  usage: `${WHO} [--out <folder>]`,
  run: (ctx, args) =>
    withPerson(ctx, args, 'export', ['out'], [], async (app, person, values) => {
      const record = await app.personalData.collect(person.id);
      if (!record) return 1;
      const folder = resolve(values.get('out') ?? '.');
      for (const file of exportFiles(record, translator(person.locale), person.locale, ctx.now())) {
        const path = join(folder, `${person.id}-${file.filename}`);
        writeFileSync(path, file.content, { mode: 0o600 });
        ctx.out(`written: ${path}`);
      }
      return 0;
    }),
};

export const deleteCommand: AdminCommand = {
  name: 'delete',
  summary: 'remove one person and everything that names them (asks for --yes)',
  usage: `${WHO} [--yes]`,
  run: (ctx, args) =>
    withPerson(ctx, args, 'delete', [], ['yes'], async (app, person, _values, flags) => {
      const record = await app.personalData.collect(person.id);
      const trajectories = record?.trajectories.length ?? 0;
      if (!flags.has('yes')) {
        ctx.out(
          `Would remove person ${person.id} with ${trajectories} trajectories (their sessions, agreements, planned ` +
            'and delivered messages, dialog and web chat transcript) and destroy their data keys. Add --yes to do it.',
        );
        return 2;
      }
      const now = ctx.now();
      const repos = { ...app.store, lifecycle: app.planner, clock: app.clock };
      await erasePerson({ type: 'person.erase', personId: person.id }, { id: `admin:${now.getTime()}`, now, repos });
      ctx.out(`removed person ${person.id} and ${trajectories} trajectories; the other people were told`);
      return 0;
    }),
};

export const rewrapKeysCommand: AdminCommand = {
  name: 'rewrap-keys',
  summary: 'after a key rotation: re-wrap every data key under the current ENCRYPTION_KEY',
  usage: '',
  async run(ctx, args) {
    if (args.length) {
      ctx.err('usage: npm run admin -- rewrap-keys (with the new ENCRYPTION_KEY and the old one in ENCRYPTION_KEYS)');
      return 2;
    }
    const app = await openApp(ctx);
    const changed = await app.cipher.rewrap();
    ctx.out(
      `re-wrapped ${changed} data keys under the current ENCRYPTION_KEY; the old keys can leave ENCRYPTION_KEYS now`,
    );
    return 0;
  },
};
