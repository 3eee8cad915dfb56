/**
 * The `fileConsent/invoke` turn: the person pressed Allow or Decline on a FileConsentCard (file.consent.ts). Answers
 * in their language, takes the answered card away, and always acknowledges the invoke, also for a malformed one
 * (nothing changes then).
 */
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger.js';
import type { PeopleRepo } from '../../coaching/ports.js';
import { translator } from '../../i18n/index.js';
import { identityOf, isPersonal, type TeamsActivity } from './activity.translator.js';
import { acknowledgeInvoke, answerConsent, readConsent } from './file.consent.js';
import type { OfferedFiles } from './ports.js';

export interface ConsentTurnDeps {
  readonly people: Pick<PeopleRepo, 'findByIdentity'>;
  readonly files?: OfferedFiles;
  readonly logger: Logger;
  /** Runs a call to Teams, logging (not throwing) when Teams does not take it. */
  readonly talk: (what: string, call: () => Promise<unknown>) => Promise<void>;
}

export async function onFileConsent(
  context: TurnContext,
  activity: TeamsActivity,
  deps: ConsentTurnDeps,
): Promise<void> {
  const identity = identityOf(activity);
  const consent = readConsent(activity.value);
  if (identity && consent && deps.files && isPersonal(activity)) {
    const person = await deps.people.findByIdentity(identity);
    const t = translator(person?.locale ?? 'en');
    const answer = await answerConsent(consent, identity, { files: deps.files, t, logger: deps.logger });
    await deps.talk('answer a file consent', () =>
      context.sendActivity(answer.kind === 'saved' ? answer.message : { type: 'message', text: answer.text }),
    );
    const replyToId = activity.replyToId;
    if (replyToId && (answer.kind === 'saved' || consent.action === 'decline'))
      await deps.talk('remove the answered file card', () => context.deleteActivity(replyToId));
  } else {
    deps.logger.debug({ personal: isPersonal(activity) }, 'teams: a file consent that is not ours to answer');
  }
  await acknowledgeInvoke(context);
}
