/**
 * Slack installations (multi-workspace OAuth) in MongoDB, as Bolt's `InstallationStore`. One document per workspace
 * (`T:<team id>`) or per Enterprise Grid organisation for an org-wide install (`E:<enterprise id>`); a reinstall or a
 * token rotation replaces the document, so the newest tokens always win.
 * Pitfalls: the documents hold bot tokens and refresh tokens: protect the database like the secrets it holds (access
 * control, encryption at rest). The query for a workspace of an org-wide install falls back to the organisation's
 * document, which is how Slack's own stores behave.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Models } from '../../store/schemas.js';

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

export class MongoInstallationStore implements InstallationStore {
  constructor(
    private readonly models: Pick<Models, 'installation'>,
    private readonly clock: Clock,
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const key = installationKey({
      teamId: installation.team?.id,
      enterpriseId: installation.enterprise?.id,
      isEnterpriseInstall: installation.isEnterpriseInstall === true,
    });
    if (!key) throw new Error('an installation needs a team id or, for an org-wide install, an enterprise id');
    // A plain JSON copy: mongoose must not keep class instances or undefined-valued keys from the SDK.
    const data: unknown = JSON.parse(JSON.stringify(installation));
    await this.models.installation.updateOne(
      { _id: key },
      { $set: { data, updatedAt: this.clock.now() } },
      { upsert: true },
    );
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const keys = [
      installationKey(query),
      !query.isEnterpriseInstall && query.enterpriseId ? `E:${query.enterpriseId}` : null,
    ].filter((k): k is string => k !== null);
    for (const key of keys) {
      const doc = await this.models.installation.findById(key).lean();
      if (!doc) continue;
      const parsed = storedInstallation.safeParse(doc.data);
      if (!parsed.success) throw new Error(`the stored Slack installation ${key} is malformed`);
      // Validated above; the SDK's Installation type is a conditional type zod cannot express.
      return parsed.data as unknown as Installation;
    }
    throw new InstallationNotFoundError(keys[0] ?? '(no team)');
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const key = installationKey(query);
    if (key) await this.models.installation.deleteOne({ _id: key });
  }
}
