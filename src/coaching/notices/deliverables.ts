/**
 * The domain's renderer for the scheduler: a due outbox item is rendered for its recipient only when its kind is in
 * the catalogue and its payload matches that kind's schema. Anything else is logged (kind, key and the names of the
 * refused fields, never their values) and skipped as nothing to say, never a crash.
 */
import type { ResumeEvent } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import { noticeProblem } from './catalogue.js';

export interface CheckedNoticeDeps {
  /** Renders a notice in the recipient's turn (the engine). */
  readonly renderer: { resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]> };
  readonly logger: Logger;
}

export class CheckedNotices {
  constructor(private readonly deps: CheckedNoticeDeps) {}

  async resume(personId: string, event: ResumeEvent): Promise<readonly Reply[]> {
    const problem = noticeProblem(event.kind, event.payload);
    if (problem) {
      this.deps.logger.warn({ kind: event.kind, key: event.key, problem }, 'notice cannot be rendered: skipped');
      return [];
    }
    return this.deps.renderer.resume(personId, event);
  }
}
