/** The `slack_forms` collection: Slack forms too large for a button value, keyed by their content hash. */
import type { Form } from '../core/reply.js';
import { plainSealer, slackFormsScope, type Sealer } from '../core/sealer.js';
import type { FormStore } from '../channels/slack/ports.js';
import { isDuplicateKey } from './mongo.errors.js';
import type { Models } from './schemas.js';

export class MongoSlackForms implements FormStore {
  constructor(
    private readonly models: Pick<Models, 'slackForm'>,
    private readonly now: () => Date,
    private readonly sealer: Sealer = plainSealer,
  ) {}

  async put(key: string, form: Form): Promise<void> {
    try {
      const sealed = await this.sealer.sealJson(slackFormsScope, form);
      await this.models.slackForm.updateOne(
        { _id: key },
        { $setOnInsert: { form: sealed, at: this.now() } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // the same form stored by someone else a moment ago
    }
  }

  async get(key: string): Promise<unknown> {
    const doc = await this.models.slackForm.findById(key).lean();
    return doc ? this.sealer.openJson(doc.form) : null;
  }
}
