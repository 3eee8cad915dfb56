/**
 * Preparation (model steps 1–4 and 6), in the employee's private chat. The order is the method's: the goal of this
 * conversation beside the trajectory's goal; the travel report, summarised back with one follow-up question
 * (listen, summarise, ask further); successes first; how earlier agreements went; feedback on the coach's own
 * commitments; what could go even better, in the employee's order; where support is wanted; the agenda in their
 * priority and the time they want. Every answer is saved at once, so stopping loses nothing; any part can be
 * changed until the conversation starts, and running it again never duplicates an item.
 *
 * The steps are a table (`prepare/steps.ts`): each step's question and its answer sit side by side.
 */
import { NOTHING_MORE, saysNothingMore } from '../listen/enough.words.js';
import { decided, idle, type Decided, type Flow, type FlowContext, type FlowInput } from '../flow.js';
import { hasIntake } from '../digest.parts.js';
import { isPreparable, personName, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { prepSteps } from './prepare/steps.js';
import { PrepTurn, prepStepSchema, prepValuesSchema, type Loaded, type PrepValues } from './prepare/turn.js';

export { PREP_STEPS, type PrepStep } from './prepare/turn.js';
export { preparationSummary } from './prepare/steps.summary.js';

async function load(ctx: FlowContext, sessionId: string): Promise<Loaded | null> {
  const found = await visibleSession(ctx, sessionId);
  if (!found || found.trajectory.employeeId !== ctx.person.id) return null;
  const { session, trajectory } = found;
  const agreements = (await ctx.agreements.listForTrajectory(trajectory.id)).filter((a) => a.sessionId !== session.id);
  const reviewed = (id: string) => session.preparation.agreementReview.some((r) => r.agreementId === id);
  const earlier = (await ctx.sessions.listForTrajectory(trajectory.id))
    .filter((s) => s.number < session.number)
    .sort((a, b) => b.number - a.number);
  const intake = [session, ...earlier].map((s) => s.preparation.intake).find((i) => i && hasIntake(i));
  return {
    session,
    trajectory,
    first: !earlier.some((s) => s.status === 'held' || s.status === 'evaluated'),
    intake: intake ?? {},
    coachName: await personName(ctx, trajectory.coachId),
    toReview: agreements.filter((a) => a.owner === 'employee' && (a.status === 'open' || reviewed(a.id))),
    coachCommitments: agreements.filter(
      (a) => a.owner === 'coach' && a.status !== 'dropped' && a.status !== 'proposed',
    ),
  };
}

/** The preparation of the session, or why it cannot be prepared (gone, not yours, already started). */
async function preparable(ctx: FlowContext, sessionId: string): Promise<Loaded | Decided> {
  const data = await load(ctx, sessionId);
  if (!data) return decided(idle(), [{ text: ctx.t('prep.nothing') }]);
  if (!isPreparable(data.session, ctx.now)) return decided(idle(), [{ text: ctx.t('prep.closed') }]);
  return data;
}

const isLoaded = (x: Loaded | Decided): x is Loaded => 'session' in x;

export const prepareFlow: Flow = {
  name: 'prepare',

  /** args: sessionId, and optionally `step` to resume where the person left off. */
  async start(ctx, args) {
    const sessionId = String(args.sessionId ?? '');
    const data = await preparable(ctx, sessionId);
    if (!isLoaded(data)) return data;
    const resumeAt = args.restart ? undefined : prepStepSchema.safeParse(args.step).data;
    const values: PrepValues = {
      sessionId,
      ...(typeof args.reviewIndex === 'number' ? { reviewIndex: args.reviewIndex } : {}),
    };
    const turn = (step: typeof resumeAt & string) => new PrepTurn(ctx, data, values, step, 0, prepSteps);
    if (resumeAt) return turn(resumeAt).ask(resumeAt, [{ text: ctx.t('prep.resumed') }]);
    if (data.session.status === 'prepared' && !args.restart)
      return turn('summary').ask('summary', [{ text: ctx.t('prep.already') }]);
    const when = formatInstant(data.session.startsAt, ctx.person.timeZone, ctx.locale);
    const coach = data.coachName;
    // A first conversation opens with who sees what (tip 1: trust), then the intake after the goal.
    const intro = data.first
      ? [{ text: ctx.t('prep.introFirst', { coach, when }) }, { text: ctx.t('intake.privacy', { coach }) }]
      : [{ text: ctx.t('prep.intro', { coach, when }) }];
    return turn('goal').ask('goal', intro);
  },

  async handle(ctx, frame, input) {
    const values = prepValuesSchema.safeParse(frame.values);
    const step = prepStepSchema.safeParse(frame.step);
    if (!values.success || !step.success) return decided(idle(), [{ text: ctx.t('prep.nothing') }]);
    const data = await preparable(ctx, values.data.sessionId);
    if (!isLoaded(data)) return data;
    const turn = new PrepTurn(ctx, data, values.data, step.data, frame.attempts, prepSteps);
    if (input.type === 'action' && input.action === 'repeat') return turn.ask(step.data, [], frame.attempts);
    return prepSteps[step.data].answer(turn, readAnswer(input));
  },
};

function readAnswer(input: FlowInput) {
  const text = input.type === 'text' ? input.text.trim() : '';
  return { input, text, word: input.type === 'text' ? stepWord(text) : input.action };
}

const WORDS: Readonly<Record<string, readonly string[]>> = {
  skip: ['skip', 'overslaan', 'sla over', 'pass'],
  done: [...NOTHING_MORE],
  suggested: [
    'use these',
    'use these as topics',
    'use the suggestions',
    'use suggestions',
    'gebruik deze',
    'gebruik deze als onderwerpen',
    'gebruik de suggesties',
    'neem deze over',
    'neem de suggesties over',
  ],
  undo: ['undo', 'ongedaan maken', 'maak ongedaan', 'oops', 'oeps'],
  keep: ['keep', 'houden', 'zo laten', 'keep this order', 'deze volgorde'],
  send: [
    ...['send', 'verstuur', 'versturen', 'stuur', 'ok', 'oké', 'prima', 'yes', 'ja'],
    ...['yes please', 'yes thanks', 'please do', 'go ahead', 'ja graag', 'graag', 'ja hoor', 'ja prima', 'doe maar'],
  ],
  edit: ['edit', 'change', 'wijzig', 'wijzigen', 'aanpassen'],
};

/** Typed equivalents of the step buttons, in both languages; a list ended in a sentence ("no, that's all, thanks") is `done`. */
function stepWord(text: string): string | undefined {
  const t = text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[,;]/g, ' ')
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (wel|hoor|really|then)$/, ''); // "dat was het wel", "that was all really"
  return Object.keys(WORDS).find((word) => WORDS[word]?.includes(t)) ?? (saysNothingMore(text) ? 'done' : undefined);
}
