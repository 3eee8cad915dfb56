/** What agreements look like to people and how a new one is made: shared by the flow, the actions and the notices. */
import type { Form } from '../../../core/reply.js';
import type { Translate } from '../../../i18n/index.js';
import { dateIn, parseDate } from '../../dates.js';
import { normaliseAnswer } from '../../listen/status.words.js';
import { saysOnlyYes } from '../../listen/assent.words.js';
import type { Effect } from '../../effects.js';
import type { FlowContext } from '../../flow.js';
import type { Agreement, Role, Trajectory } from '../../model.js';
import { personName, roleIn } from '../../queries.js';
import { formatDate, toLocal } from '../../time.js';

export const MAX_WHAT = 500;

/** "Sam – update the team planning – by Friday 4 December 2026" */
export function agreementLine(
  a: Agreement,
  names: { employee: string; coach: string },
  t: Translate,
  locale: 'en' | 'nl',
): string {
  const who = a.owner === 'employee' ? names.employee : names.coach;
  return t('agreement.line', { who, what: a.what, due: formatDate(a.due, locale) });
}

export async function namesOf(ctx: FlowContext, trajectory: Trajectory): Promise<{ employee: string; coach: string }> {
  return { employee: await personName(ctx, trajectory.employeeId), coach: await personName(ctx, trajectory.coachId) };
}

/**
 * Why typed words cannot be what an agreement is about, said kindly: none, or only a yes ("ok", "ja", "sure": it says
 * nothing to be done), or too long. Undefined when they can.
 */
export function whatUnclear(ctx: FlowContext, text: string): string | undefined {
  if (!text || saysOnlyYes(text)) return ctx.t('agreement.what.again');
  if (text.length > MAX_WHAT) return ctx.t('input.tooLong', { length: text.length, max: MAX_WHAT });
  return undefined;
}

export type DueCheck = { readonly ok: true; readonly due: string } | { readonly ok: false; readonly error: string };

/** A due date from what a person typed (or a date input sent): understood, possible, and not in the past. */
export function checkDue(ctx: FlowContext, text: string): DueCheck {
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  const parsed = parseDate(text, today);
  if (parsed.kind === 'impossible') return { ok: false, error: ctx.t('date.impossible') };
  if (parsed.kind === 'unknown') return { ok: false, error: ctx.t('date.unknown') };
  if (parsed.date < today) return { ok: false, error: ctx.t('date.past') };
  return { ok: true, due: parsed.date };
}

/** Words that say a date is a deadline: "by Friday", "uiterlijk vrijdag", "voor woensdag", "ten laatste 15 jan". */
const DEADLINE = '(?:no later than|at the latest by|by|before|on|uiterlijk|ten laatste|voor|vóór|tegen|op)';
const notInWord = '(?<![\\p{L}\\d])';

/**
 * The agreement and its deadline said in one sentence ("Practise the opening by Friday", "Ik stuur Sam voor woensdag
 * een artikel"), read so nobody is asked "By when?" for what they just said. A deadline at the end of the sentence
 * ("…, uiterlijk volgende week vrijdag", "… tomorrow") is taken off the agreement's words (it would read wrong in a
 * reminder a week later); one inside the sentence needs a deadline word before it ("voor woensdag"), and the words
 * stay as they were ("the Friday meeting" is no deadline). Null when there is none, or it is not a possible date.
 */
export function deadlineIn(ctx: FlowContext, text: string): { readonly what: string; readonly due: string } | null {
  const today = toLocal(ctx.now, ctx.person.timeZone).date;
  const sentence = text.trim().replace(/[.!]+$/, '');
  const found = dateIn(sentence, today);
  // A time of day ("14:00") belongs to a meeting, not to a deadline: asked as usual.
  if (!found || /\d[:.]\d\d|\buur\b/.test(found.phrase)) return null;
  // The date as read may start with its deadline word ("uiterlijk volgende week vrijdag"): the day is what follows.
  const phrase = found.phrase.replace(new RegExp(`^${DEADLINE}\\s+`, 'iu'), '');
  const escaped = phrase.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const words = escaped.join('[\\s,;!?]+');
  const trailing = new RegExp(
    `[\\s,;:–-]*(?:${notInWord}${DEADLINE}\\s+)?(?:the\\s+|de\\s+)?${notInWord}${words}(?:\\s+(?:at the latest|uiterlijk|op zijn laatst))?[\\s.!]*$`,
    'iu',
  );
  const inside = new RegExp(`${notInWord}${DEADLINE}\\s+(?:the\\s+|de\\s+)?${words}(?![\\p{L}\\d])`, 'iu');
  const atEnd = trailing.exec(sentence);
  // Only a date (nothing agreed yet) or a one-word rest ("Bellen morgen") is asked about as usual.
  const what = atEnd ? sentence.slice(0, atEnd.index).trim() : inside.test(sentence) ? text.trim() : '';
  if (what.split(/\s+/).filter(Boolean).length < 2) return null;
  const due = checkDue(ctx, phrase);
  return due.ok ? { what, due: due.due } : null;
}

/** The quick-entry form (rendered as a modal in Slack, a card in Teams, a form on the web). */
export function agreementForm(
  ctx: FlowContext,
  trajectory: Trajectory,
  names: { employee: string; coach: string },
  sessionId: string | undefined,
  initial: Partial<Record<'owner' | 'what' | 'due', string>> = {},
  errors?: Record<string, string>,
): Form {
  const t = ctx.t;
  const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
  return {
    id: 'agreement',
    title: t('agreement.form.title'),
    submitLabel: t('agreement.form.submit'),
    value: [trajectory.id, sessionId ?? ''].join('|'),
    inputs: [
      {
        id: 'owner',
        label: t('agreement.form.owner'),
        type: 'choice',
        required: true,
        initial: initial.owner ?? mine,
        options: [
          { value: 'employee', label: names.employee },
          { value: 'coach', label: names.coach },
        ],
      },
      {
        id: 'what',
        label: t('agreement.form.what'),
        type: 'text',
        required: true,
        maxLength: MAX_WHAT,
        placeholder: t('agreement.form.whatHint'),
        ...(initial.what ? { initial: initial.what } : {}),
      },
      {
        id: 'due',
        label: t('agreement.form.due'),
        type: 'date',
        required: true,
        placeholder: t('agreement.form.dueHint'),
        ...(initial.due ? { initial: initial.due } : {}),
      },
    ],
    ...(errors && Object.keys(errors).length ? { errors } : {}),
  };
}

/** The effect that records a new agreement: open when it is the creator's own, a proposal otherwise. */
export function createAgreement(
  ctx: FlowContext,
  trajectory: Trajectory,
  sessionId: string | undefined,
  owner: Role,
  what: string,
  due: string,
  fromSupportWish = false,
): Effect {
  const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
  return {
    type: 'agreement.create',
    byId: ctx.person.id,
    agreement: {
      id: ctx.turn.newId(`agreement`),
      trajectoryId: trajectory.id,
      ...(sessionId ? { sessionId } : {}),
      owner,
      what,
      due,
      status: owner === mine ? 'open' : 'proposed',
      proposedBy: mine,
      ...(fromSupportWish ? { fromSupportWish } : {}),
    },
  };
}

/** Who takes an agreement on, as the reader is told: "you" for their own, the other person's name otherwise. */
export function ownerWord(ctx: FlowContext, owner: Role, mine: Role, names: { employee: string; coach: string }) {
  if (owner === mine) return ctx.t('agreement.you');
  return owner === 'employee' ? names.employee : names.coach;
}

/** "Agreed: you will take on “…” by Friday 11 December 2026." (a proposal for the other person: asked to accept). */
export function confirmation(
  ctx: FlowContext,
  owner: Role,
  mine: Role,
  names: { employee: string; coach: string },
  what: string,
  due: string,
): string {
  const who = ownerWord(ctx, owner, mine, names);
  const key = owner === mine ? 'agreement.saved' : 'agreement.proposal.saved';
  const base = ctx.t(key, { who, what, due: formatDate(due, ctx.locale) });
  return owner === mine ? base : `${base} ${ctx.t('agreement.needsAcceptance', { who })}`;
}

export type FeasibleAnswer = 'yes' | 'stretch';

/**
 * A feasibility button's label, typed ("Feasible", "haalbaar.", "ja, haalbaar hoor", "a stretch but doable,
 * thanks"): the answer that button gives. Only the label's own words with a yes before or a softener after them;
 * anything more ("een uitdaging, maar het lukt wel") is the person's own words, quoted as a note.
 */
export function feasibleLabel(ctx: FlowContext, text: string): FeasibleAnswer | undefined {
  const typed = normaliseAnswer(text)
    .replace(/^(?:(?:ja|jawel|yes|yep|yeah|ok|oké|okay|sure|zeker|prima) )+/, '')
    .replace(/(?: (?:hoor|wel|really|i think|denk ik|thanks|thank you|bedankt|dank je|zeker))+$/, '');
  return (['yes', 'stretch'] as const).find((a) => normaliseAnswer(ctx.t(`agreement.feasible.${a}`)) === typed);
}

/** A feasibility button, said back as what was recorded: "Noted: you find “…” feasible by Friday …". */
export function feasibleSaid(ctx: FlowContext, answer: FeasibleAnswer, what: string, due: string): string {
  const key = answer === 'yes' ? 'agreement.feasible.saved.yes' : 'agreement.feasible.saved.stretch';
  return ctx.t(key, { what, due: formatDate(due, ctx.locale) });
}
