/**
 * The `teams_files` collection: files offered in a Teams personal chat (channels/teams/file.consent.ts) until the
 * person saves or declines them. The content is sealed under a data key per Teams user (`person:teams:<tenant>:<user>`,
 * destroyed when the person's data is erased), and the database removes a file when `expiresAt` passes (TTL index;
 * `find` also refuses an expired one, for servers without TTL).
 */
import { randomBytes } from 'node:crypto';
import { plainSealer, type Sealer } from '../core/sealer.js';
import type { FileOwner, OfferedFile, OfferedFiles } from '../channels/teams/ports.js';
import type { Models } from './schemas.js';

/** The data key a Teams user's offered files are sealed under. */
export const teamsFileScope = (owner: FileOwner): `person:${string}` =>
  `person:teams:${owner.tenantId}:${owner.userId}`;

export class MongoTeamsFiles implements OfferedFiles {
  constructor(
    private readonly models: Pick<Models, 'teamsFile'>,
    private readonly now: () => Date,
    private readonly sealer: Sealer = plainSealer,
  ) {}

  async keep(file: Omit<OfferedFile, 'id'>, expiresAt: Date): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    const content = await this.sealer.sealJson(teamsFileScope(file), file.content);
    await this.models.teamsFile.create({
      _id: id,
      tenantId: file.tenantId,
      userId: file.userId,
      filename: file.filename,
      content,
      expiresAt,
    });
    return id;
  }

  async find(id: string): Promise<OfferedFile | null> {
    const doc = await this.models.teamsFile.findOne({ _id: id, expiresAt: { $gt: this.now() } }).lean();
    if (!doc) return null;
    const content = await this.sealer.openJson(doc.content);
    const { tenantId, userId, filename } = doc;
    if (typeof content !== 'string' || typeof tenantId !== 'string' || typeof userId !== 'string') return null;
    return { id, tenantId, userId, filename: typeof filename === 'string' ? filename : 'file', content };
  }

  async remove(id: string): Promise<void> {
    await this.models.teamsFile.deleteOne({ _id: id });
  }
}
