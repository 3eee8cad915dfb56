/**
 * The `installations` collection: Slack's multi-workspace installations, one document per workspace or organisation
 * key, replaced on reinstall or token rotation. The Slack adapter validates what it reads back.
 * Pitfall: the documents hold bot tokens and refresh tokens: protect the database like the secrets it holds (access
 * control, encryption at rest).
 */
import type { InstallationRecords } from '../channels/slack/ports.js';
import type { Models } from './schemas.js';

export class MongoSlackInstallations implements InstallationRecords {
  constructor(
    private readonly models: Pick<Models, 'installation'>,
    private readonly now: () => Date,
  ) {}

  async save(key: string, data: unknown): Promise<void> {
    // A plain JSON copy: mongoose must not keep class instances or undefined-valued keys from the SDK.
    const json: unknown = JSON.parse(JSON.stringify(data));
    await this.models.installation.updateOne(
      { _id: key },
      { $set: { data: json, updatedAt: this.now() } },
      { upsert: true },
    );
  }

  async load(key: string): Promise<unknown> {
    const doc = await this.models.installation.findById(key).lean();
    return doc ? doc.data : null;
  }

  async remove(key: string): Promise<void> {
    await this.models.installation.deleteOne({ _id: key });
  }
}
