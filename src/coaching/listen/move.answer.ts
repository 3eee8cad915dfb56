/**
 * Moving a conversation in words, as the [Move] button does (`session.move`, the date flow in `session.flow.ts`):
 *
 * - `move` / `verzetten` / `verplaats` (a command, from anywhere) starts the move; with a date after it ("move to
 *   Friday at 14:00", "verzet naar vrijdag 14:00") that date is read and confirmed, as if typed at the move's question.
 * - After "next session" showed the planned conversation with [Move] [Call off], the next typed reply may answer it:
 *   a button's label typed ("Move", "Afzeggen") does what the button does, a date ("Friday at 14:00") moves it there,
 *   "we moved it to Friday at 14:00" / "we hebben het verzet naar vrijdag 14:00" too (confirmed first).
 * - With no flow open, such a sentence is read the same way (what else could it mean?).
 *
 * Which conversation: the one shown, or the person's one planned conversation; with several (a coach of two
 * coachees) the bot asks which, with a button each, and the date typed travels on the button. None: said kindly.
 */
import type { DialogState } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { ASKED_KEY } from './reply.answer.js';
import { dateIn, parseDate } from '../dates.js';
import type { Effect } from '../effects.js';
import { decided, entityButton, type Decided, type FlowContext } from '../flow.js';
import { sessionFlow } from '../flows/session.flow.js';
import type { Session, Trajectory } from '../model.js';
import { activeTrajectories, otherId, personName, upcomingSession, visibleSession } from '../queries.js';
import { formatInstant, toLocal } from '../time.js';
import { nextView } from '../views.js';
import { recogniseHeld } from './held.words.js';
import { typedLabel } from './labels.js';
import type { AskedQuestion } from './reply.routing.js';

/** A move asked for in words: the date part to read, when there is one. */
export interface MoveRequest {
  readonly text?: string;
}

const OPEN: readonly Session['status'][] = ['scheduled', 'preparing', 'prepared'];

/** "the session", "ons volgende gesprek": which conversation is meant, said in words (there is only one to move). */
const THE_SESSION =
  /\b(?:(?:our|my|the|this|that|ons|onze|mijn|het|de|dit|dat)\s+)?(?:(?:next|upcoming|coaching|volgende|komende)\s+)*(?:session|conversation|meeting|appointment|talk|gesprek|coachgesprek|coachingsgesprek|sessie|afspraak)\b/g;
/** Words around the date that say nothing more: "move it to …", "can we move it …", "kunnen we het verzetten naar …". */
const AROUND =
  /(?<![\p{L}'])(?:it|to|please|pls|can|could|shall|we|i|i'd|would|like|want|naar|het|'t|graag|even|alsjeblieft|aub|svp|wij|ik|wil|willen|kunnen|zullen|kun|kan|je|move|reschedule|verzet|verzetten|verplaats|verplaatsen)(?![\p{L}'])/gu;
/** A verb that asks for a move, anywhere in the words ("kunnen we het gesprek verzetten?"). */
const MOVE_VERB = /(?<![\p{L}])(?:move|reschedule|verzet|verzetten|verplaats|verplaatsen)(?![\p{L}])/u;

/**
 * What follows a move command: nothing (or only which conversation, "move our session") starts the move; a date
 * ("to Friday at 14:00", "naar vrijdag 14:00", also an impossible one, which the move's question then explains)
 * moves it there. Other words are not a move ("move more", "verplaats het overleg naar maandag" is an agreement's
 * text): null, and the words are read as any other answer.
 */
export function moveArgs(args: string, today: string): MoveRequest | null {
  const rest = normaliseDateText(args).replace(THE_SESSION, ' ').replace(AROUND, ' ').replace(/\s+/g, ' ').trim();
  if (rest === '') return {};
  return parseDate(rest, today).kind === 'unknown' ? null : { text: rest };
}

/** Lower case, with the characters a date or time may hold ("14:00", "15-1", "2pm") kept and others spaced out. */
const normaliseDateText = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}':./\-\s]/gu, ' ')
    .replace(/[.]+(\s|$)/g, ' ');

/**
 * A move said in a sentence: asked for ("can we move it to Friday?", "kunnen we het gesprek verzetten?": the verb,
 * which conversation and a date, nothing else), or told ("we moved it to Friday at 14:00", "we hebben het verzet naar
 * vrijdag 14:00", "it was postponed": the date, if any, read from the sentence). Null for anything else.
 */
export function moveSentence(text: string, today: string): MoveRequest | null {
  const asked = MOVE_VERB.test(normaliseDateText(text)) ? moveArgs(text, today) : null;
  if (asked) return asked;
  if (recogniseHeld(text) !== 'moved') return null;
  const found = dateIn(text, today);
  if (found) return { text: found.phrase };
  // Without a date, only when it is the conversation that moved ("we moved it"; not "we moved the deadline").
  const rest = normaliseDateText(text).replace(THE_SESSION, ' ').replace(AROUND, ' ').replace(TOLD, ' ').trim();
  return rest === '' ? {} : null;
}

/** The words of a move told ("it has been postponed to a later date", "we hebben het verschoven"). */
const TOLD =
  /(?<![\p{L}'])(?:moved|rescheduled|postponed|put off|another (?:day|time|date)|a (?:new|later) (?:day|time|date)|later date|verschoven|verplaatst|uitgesteld|andere (?:dag|datum|tijd)|nieuwe (?:dag|datum|tijd)|has|have|had|was|were|been|got|is|they|our|hebben|heeft|hadden|werd|zijn|ze|ons|a|een)(?![\p{L}'])/gu;

interface Movable {
  readonly session: Session;
  readonly trajectory: Trajectory;
}

/** The conversations the person could move now: the planned one of each running trajectory. */
async function movable(ctx: FlowContext, sessionIds?: readonly string[]): Promise<Movable[]> {
  if (sessionIds) {
    const found = await Promise.all(sessionIds.map((id) => visibleSession(ctx, id)));
    return found.filter((f): f is Movable => f !== null && OPEN.includes(f.session.status));
  }
  const list: Movable[] = [];
  for (const trajectory of await activeTrajectories(ctx)) {
    const session = await upcomingSession(ctx, trajectory);
    if (session) list.push({ session, trajectory });
  }
  return list;
}

/**
 * Starts moving a conversation (the shown ones, or the person's planned one), with the date when one was typed:
 * the move's own question, or its confirmation. Several: which one? None: said kindly. Neither changes anything.
 */
export async function startMove(
  ctx: FlowContext,
  state: DialogState<Effect>,
  request: MoveRequest,
  sessionIds?: readonly string[],
): Promise<Decided> {
  const sessions = await movable(ctx, sessionIds);
  const [only] = sessions;
  if (sessions.length === 1 && only)
    return sessionFlow.start(ctx, {
      sessionId: only.session.id,
      mode: 'move',
      ...(request.text ? { text: request.text } : {}),
    });
  if (sessions.length === 0) return decided(state, [{ text: ctx.t('move.none') }, ...(await nextView(ctx))]);
  return decided(state, [await which(ctx, sessions, 'session.move', request.text)]);
}

/** "Which conversation would you like to move?", a button each (the other person and the date), carrying the date. */
async function which(
  ctx: FlowContext,
  sessions: readonly Movable[],
  action: 'session.move' | 'session.cancel',
  text?: string,
): Promise<Reply> {
  const buttons = await Promise.all(
    sessions.map(async ({ session, trajectory }) =>
      entityButton(
        action,
        `${await personName(ctx, otherId(trajectory, ctx.person.id))} – ${formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale)}`,
        text && !text.includes('|') ? [session.id, text] : [session.id],
      ),
    ),
  );
  return {
    text: ctx.t(action === 'session.move' ? 'move.which' : 'callOff.which'),
    blocks: [{ kind: 'buttons', buttons }],
  };
}

/** The buttons' handlers, passed in by the decider: a typed label does what its button does. */
export type MoveButtons = Readonly<
  Record<
    string,
    | ((ctx: FlowContext, state: DialogState<Effect>, args: readonly string[], values: undefined) => Promise<Decided>)
    | undefined
  >
>;

/**
 * The reply right after "next session" showed the planned conversations with [Move] [Call off] (`shown`: a question
 * each): a label, a date or a sentence about moving it. Null when it is none of these (read as any other text).
 */
export async function answerShown(
  ctx: FlowContext,
  state: DialogState<Effect>,
  shown: readonly AskedQuestion[],
  text: string,
  buttons: MoveButtons,
): Promise<Decided | null> {
  const ids = shown.map((q) => q.ref);
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  const label = typedLabel(text, ['button.move', 'button.cancelSession']);
  if (label === 'button.cancelSession') {
    const sessions = await movable(ctx, ids);
    const [only] = sessions;
    const cancel = buttons['session.cancel'];
    if (sessions.length === 1 && only && cancel) return cancel(ctx, state, [only.session.id], undefined);
    if (sessions.length > 1) return decided(state, [await which(ctx, sessions, 'session.cancel')]);
    return null;
  }
  if (label === 'button.move') return startMove(ctx, state, {}, ids);
  const request =
    moveSentence(text, today) ?? (parseDate(text, today).kind === 'unknown' ? null : { text: text.trim() });
  return request ? startMove(ctx, state, request, ids) : null;
}

/**
 * "next session" shown with its [Move] buttons: each shown conversation becomes a question the next typed reply may
 * answer (and only the next: the decider closes it after one turn of the person's own).
 */
export function showingPlanned(ctx: FlowContext, state: DialogState<Effect>, replies: readonly Reply[]): Decided {
  const ids = replies.flatMap((r) =>
    (r.blocks ?? []).flatMap((b) =>
      b.kind === 'buttons' ? b.buttons.filter((x) => x.action === 'session.move').map((x) => x.value ?? '') : [],
    ),
  );
  const at = ctx.now.toISOString();
  const asked: AskedQuestion[] = ids
    .filter(Boolean)
    .map((ref) => ({ kind: 'planned', ref, revision: ctx.turn.revision, at }));
  return decided(asked.length ? { ...state, values: { ...state.values, [ASKED_KEY]: asked } } : state, replies);
}
