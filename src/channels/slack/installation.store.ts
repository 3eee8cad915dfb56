/**
 * Slack installations (multi-workspace OAuth) as Bolt's `InstallationStore`, kept through the adapter's
 * `InstallationRecords` port (the store implements it in MongoDB). One document per workspace
 * (`T:<team id>`) or per Enterprise Grid organisation for an org-wide install (`E:<enterprise id>`); a reinstall or a
 * token rotation replaces the document, so the newest tokens always win.
 * Pitfalls: the documents hold bot tokens and refresh tokens: protect the database like the secrets it holds (access
 * control, encryption at rest). The query for a workspace of an org-wide install falls back to the organisation's
 * document, which is how Slack's own stores behave.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { InstallationRecords } from './ports.js';

const storedInstallation = z.looseObject({
  team: z.looseObject({ id: z.string() }).nullish(),
  enterprise: z.looseObject({ id: z.string() }).nullish(),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.enum(['v1', 'v2']).optional(),
  bot: z
    .looseObject({
      token: z.string(),
      id: z.string(),
      userId: z.string(),
      scopes: z.array(z.string()),
      refreshToken: z.string().optional(),
      expiresAt: z.number().optional(),
    })
    .optional(),
});

export const installationKey = (query: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}): string | null => {
  if (query.isEnterpriseInstall) return query.enterpriseId ? `E:${query.enterpriseId}` : null;
  return query.teamId ? `T:${query.teamId}` : null;
};

/** Thrown for a workspace without an installation (Bolt turns it into an authorization failure). */
export class InstallationNotFoundError extends Error {
  constructor(key: string) {
    super(`no Slack installation for ${key}`);
    this.name = 'InstallationNotFoundError';
  }
}

/** The SDK's `Installation` is a conditional type zod cannot express; the schema checks what this code relies on. */
const isInstallation = (data: unknown): data is Installation => storedInstallation.safeParse(data).success;

export class SlackInstallationStore implements InstallationStore {
  constructor(private readonly records: InstallationRecords) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installationKey({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
    });
    if (!key) throw new Error('an installation needs a team id or, for an org-wide install, an enterprise id');
    await this.records.save(key, installation);
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const keys = [
      installationKey(query),
      !query.isEnterpriseInstall && query.enterpriseId ? `E:${query.enterpriseId}` : null,
    ].filter((k): k is string => k !== null);
    for (const key of keys) {
      const data = await this.records.load(key);
      if (data === null || data === undefined) continue;
      if (!isInstallation(data)) throw new Error(`the stored Slack installation ${key} is malformed`);
      return data;
    }
    throw new InstallationNotFoundError(keys[0] ?? '(no team)');
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = installationKey(query);
    if (key) await this.records.remove(key);
  }
}
