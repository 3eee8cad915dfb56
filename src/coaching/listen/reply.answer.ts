/**
 * Typed answers to questions a message asked outside a flow ("Coming up: … How is it going?"). The decider keeps
 * the open questions with the dialog (`ASKED_KEY` in its values, sealed like the rest) and routes a typed reply with
 * `replyTarget`; here the reply is attached to what was asked about: a note on the agreement, quoted back, with the
 * status read from the words (done / busy with it / stuck / not started) and buttons to correct it. A reply without
 * a status word is kept as a note all the same — never refused.
 */
import { z } from 'zod';
import type { DialogState } from '../../core/dialog.js';
import type { Button, Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { roleIn, visibleAgreement } from '../queries.js';
import { answerFeasibility } from './feasibility.answer.js';
import { saysLater, saysPrepare } from './choice.words.js';
import { yesOrNo } from './held.words.js';
import { forget, type AskedKind, type AskedQuestion } from './reply.routing.js';
import { recogniseStatus, type StatusWord } from './status.words.js';

/** A typed answer attached to what was asked; `stillOpen` when the question was asked again (the next reply answers it). */
export interface Answered {
  readonly replies: Reply[];
  readonly effects: Effect[];
  readonly stillOpen?: boolean;
}

/** Where the open questions live in the dialog values (the decider strips it before flows see the values). */
export const ASKED_KEY = '_asked';

/** Resume kinds whose message asks the person something: what it is about, and the payload field naming it. */
export const ASKING_RESUMES: Readonly<Record<string, { readonly about: AskedKind; readonly ref: string }>> = {
  'agreement.upcoming': { about: 'agreement', ref: 'agreementId' },
  'agreement.due': { about: 'agreement', ref: 'agreementId' },
  'agreement.followup': { about: 'agreement', ref: 'agreementId' },
  'session.followup': { about: 'session', ref: 'sessionId' },
  // "{name} noted that your conversation took place. Let's wrap it up together" (when another flow was open).
  'session.held': { about: 'session', ref: 'sessionId' },
  'trajectory.invite': { about: 'trajectory', ref: 'trajectoryId' },
  'prep.invite': { about: 'prep', ref: 'sessionId' },
  'prep.reminder': { about: 'prep', ref: 'sessionId' },
  'agreement.proposed': { about: 'proposal', ref: 'agreementId' },
  'next.reminder': { about: 'next', ref: 'sessionId' },
};

/** Questions a clear yes or no answers: the actions of their two buttons ("Accept | Decline", "Prepare | Later"). */
const YES_NO_ACTIONS: Partial<
  Record<AskedKind, { readonly yes: string; readonly no: string; readonly otherwiseNote?: true }>
> = {
  trajectory: { yes: 'trajectory.accept', no: 'trajectory.decline' },
  prep: { yes: 'prep.start', no: 'prep.later' },
  // "Will you take this on?" Other words are kept as a note on the proposal (answerAgreementQuestion).
  proposal: { yes: 'agreement.accept', no: 'agreement.decline', otherwiseNote: true },
};

/**
 * The invitation to prepare answered in a sentence that names the choice ("let's prepare", "laten we voorbereiden",
 * "maybe later"): read before a plain yes or no, so "ok, let's prepare later" is not taken for a yes.
 */
function namedChoice(kind: AskedKind, text: string): 'yes' | 'no' | null {
  if (kind !== 'prep') return null;
  return saysLater(text) ? 'no' : saysPrepare(text) ? 'yes' : null;
}

/**
 * For a yes/no question: the action its button would run for what was typed, or null when the words say neither.
 * Undefined when the question is not a yes/no one.
 */
export function yesNoAction(kind: AskedKind, text: string): string | null | undefined {
  const actions = YES_NO_ACTIONS[kind];
  if (!actions) return undefined;
  const answer = namedChoice(kind, text) ?? yesOrNo(text);
  if (!answer && actions.otherwiseNote) return undefined;
  return answer ? actions[answer] : null;
}

const LABEL = {
  done: 'review.done',
  in_progress: 'review.in_progress',
  stuck: 'review.stuck',
  not_started: 'review.not_yet',
} as const satisfies Record<StatusWord, string>;
/** A status picked, said back in a sentence: "Noted: work on “…” is under way." */
const SAVED = {
  done: 'reply.status.saved.done',
  in_progress: 'reply.status.saved.in_progress',
  stuck: 'reply.status.saved.stuck',
  not_started: 'reply.status.saved.not_yet',
} as const satisfies Record<StatusWord, string>;
const PROGRESS: readonly StatusWord[] = ['in_progress', 'stuck', 'not_started'];

function statusButtons(ctx: FlowContext, agreementId: string, except?: StatusWord): Button[] {
  return (['done', ...PROGRESS] as const)
    .filter((s) => s !== except)
    .map((s) =>
      s === 'done'
        ? entityButton('agreement.done', ctx.t(LABEL.done), [agreementId], 'primary')
        : entityButton('agreement.progress', ctx.t(LABEL[s]), [agreementId, s]),
    );
}

const note = (ctx: FlowContext, agreementId: string, text: string | undefined, status?: StatusWord): Effect => ({
  type: 'agreement.change',
  agreementId,
  from: ['open', 'done'],
  set: {},
  change: 'note',
  byId: ctx.person.id,
  ...(text ? { note: text } : {}),
  ...(status && status !== 'done' ? { progress: status } : {}),
});

/** The reply, attached to the agreement (how it stands, or how feasible it is); null when the agreement is no longer open to notes (the caller moves on). */
export async function answerAgreementQuestion(
  ctx: FlowContext,
  question: AskedQuestion,
  text: string,
): Promise<Answered | null> {
  if (question.kind === 'feasibility') return answerFeasibility(ctx, question, text);
  if (question.kind === 'proposal') return answerProposal(ctx, question, text);
  const found = await visibleAgreement(ctx, question.ref);
  if (!found || (found.agreement.status !== 'open' && found.agreement.status !== 'done')) return null;
  const { agreement } = found;
  const status = recogniseStatus(text)?.status;
  const effects: Effect[] = [note(ctx, agreement.id, text, status)];
  if (status === 'done' && agreement.status === 'open')
    effects.push({
      type: 'agreement.change',
      agreementId: agreement.id,
      from: ['open'],
      set: { status: 'done' },
      change: 'done',
      byId: ctx.person.id,
    });
  const quoted: Reply = { text: ctx.t('reply.noted.agreement', { what: agreement.what, quote: text }) };
  const ask: Reply = status
    ? {
        text: ctx.t('reply.status', { status: ctx.t(LABEL[status]) }),
        blocks: [{ kind: 'buttons', buttons: statusButtons(ctx, agreement.id, status) }],
      }
    : { text: ctx.t('reply.noStatus'), blocks: [{ kind: 'buttons', buttons: statusButtons(ctx, agreement.id) }] };
  return { replies: [quoted, ask], effects };
}

/** Words on a proposal that say neither yes nor no: kept as a note on it, quoted back, with its three buttons again. */
async function answerProposal(ctx: FlowContext, question: AskedQuestion, text: string): Promise<Answered | null> {
  const found = await visibleAgreement(ctx, question.ref);
  if (!found || found.agreement.status !== 'proposed') return null;
  const id = found.agreement.id;
  const buttons = [
    entityButton('agreement.accept', ctx.t('button.accept'), [id], 'primary'),
    entityButton('agreement.adjust', ctx.t('button.adjust'), [id]),
    entityButton('agreement.decline', ctx.t('button.decline'), [id]),
  ];
  return {
    replies: [
      { text: ctx.t('reply.noted.agreement', { what: found.agreement.what, quote: text }) },
      { text: ctx.t('reply.proposal.again'), blocks: [{ kind: 'buttons', buttons }] },
    ],
    stillOpen: true,
    effects: [
      {
        type: 'agreement.change',
        agreementId: id,
        from: ['proposed'],
        set: {},
        change: 'note',
        byId: ctx.person.id,
        note: text,
      },
    ],
  };
}

/** The open questions after this reply: the one answered is closed. */
export const askedAfter = (asked: readonly AskedQuestion[], answered: AskedQuestion): AskedQuestion[] =>
  forget(asked, answered.ref);

/** A status picked with a button after a reply (or to correct the one read from it). */
export const progressAction = async (
  ctx: FlowContext,
  state: DialogState<Effect>,
  [agreementId = '', status = '']: readonly string[],
): Promise<Decided> => {
  const found = await visibleAgreement(ctx, agreementId);
  const word = PROGRESS.find((s) => s === status);
  if (!found || !word || found.agreement.owner !== roleIn(found.trajectory, ctx.person.id))
    return decided(state, [{ text: ctx.t('notFound') }]);
  const { agreement } = found;
  const effects: Effect[] =
    agreement.status === 'done'
      ? [
          {
            type: 'agreement.change',
            agreementId,
            from: ['done'],
            set: { status: 'open' },
            change: 'reopened',
            byId: ctx.person.id,
          },
        ]
      : [];
  effects.push(note(ctx, agreementId, undefined, word));
  return decided(state, [{ text: ctx.t(SAVED[word], { what: agreement.what }) }], effects);
};

const askedSchema = z.array(
  z.object({
    kind: z.enum(['agreement', 'session', 'trajectory', 'prep', 'feasibility', 'proposal', 'next', 'planned']),
    ref: z.string(),
    revision: z.number(),
    at: z.string(),
    named: z.literal(true).optional(),
  }),
);
/** The stored open questions, or none when absent or unreadable (a malformed list is dropped, never half-read). */
export function parseAsked(stored: unknown): AskedQuestion[] {
  const parsed = askedSchema.safeParse(stored ?? []);
  if (!parsed.success) return [];
  return parsed.data.map(({ named, ...q }) => (named ? { ...q, named } : q));
}
