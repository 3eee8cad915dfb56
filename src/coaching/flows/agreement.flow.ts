/**
 * Agreements: who does what by when (WWW-afspraken). Either person records them after a conversation, by form or
 * step by step; the bot confirms the date it understood. An agreement made for someone else needs their
 * acceptance (effect = quality × acceptance), so it starts as a proposal. Every change keeps a history.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Form, Reply } from '../../core/reply.js';
import type { Translate } from '../../i18n/index.js';
import { parseDate } from '../dates.js';
import type { Effect } from '../effects.js';
import {
  decided,
  entityButton,
  idle,
  stepButton,
  type Decided,
  type Flow,
  type FlowContext,
  type FlowInput,
} from '../flow.js';
import type { Agreement, Role, Trajectory } from '../model.js';
import { personName, roleIn, visibleAgreement, visibleTrajectory } from '../queries.js';
import { formatDate, toLocal } from '../time.js';

export const MAX_WHAT = 500;

type Step = 'owner' | 'what' | 'when' | 'confirm';

interface Values {
  readonly stamp?: number;
  readonly trajectoryId: string;
  readonly sessionId?: string;
  /** Set when editing an existing agreement rather than adding one. */
  readonly agreementId?: string;
  readonly owner?: Role;
  readonly what?: string;
  readonly due?: string;
  /** The flow to go back to when done (the after-session flow). */
  readonly returnTo?: string;
  /** Made from a support wish in the preparation (an agreement of the coach's). */
  readonly fromSupportWish?: boolean;
}

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

export function confirmation(
  ctx: FlowContext,
  owner: Role,
  mine: Role,
  names: { employee: string; coach: string },
  what: string,
  due: string,
): string {
  const who = owner === 'employee' ? names.employee : names.coach;
  const base = ctx.t('agreement.saved', { who, what, due: formatDate(due, ctx.locale) });
  return owner === mine ? base : `${base} ${ctx.t('agreement.needsAcceptance', { who })}`;
}

export const agreementFlow: Flow = {
  name: 'agreement',

  async start(ctx, args) {
    const trajectory = await visibleTrajectory(ctx, String(args.trajectoryId ?? ''));
    if (!trajectory || trajectory.status !== 'active') return decided(idle(), [{ text: ctx.t('notFound') }]);
    const base: Values = {
      trajectoryId: trajectory.id,
      ...(typeof args.sessionId === 'string' && args.sessionId ? { sessionId: args.sessionId } : {}),
      ...(typeof args.returnTo === 'string' ? { returnTo: args.returnTo } : {}),
      ...(args.fromSupportWish === true ? { fromSupportWish: true } : {}),
    };
    if (typeof args.agreementId === 'string') {
      const found = await visibleAgreement(ctx, args.agreementId);
      if (!found || (found.agreement.status !== 'open' && found.agreement.status !== 'proposed'))
        return decided(idle(), [{ text: ctx.t('notFound') }]);
      const a = found.agreement;
      return ask(ctx, trajectory, { ...base, agreementId: a.id, owner: a.owner, what: a.what, due: a.due }, 'what');
    }
    if (typeof args.owner === 'string' && (args.owner === 'employee' || args.owner === 'coach')) {
      return ask(
        ctx,
        trajectory,
        { ...base, owner: args.owner, ...(typeof args.what === 'string' ? { what: args.what } : {}) },
        typeof args.what === 'string' ? 'when' : 'what',
      );
    }
    return ask(ctx, trajectory, base, 'owner');
  },

  async handle(ctx, frame, input) {
    const values = frame.values as unknown as Values;
    const trajectory = await visibleTrajectory(ctx, values.trajectoryId);
    if (!trajectory) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const step = frame.step as Step;
    if (input.type === 'action' && input.action === 'repeat')
      return ask(ctx, trajectory, values, step, [], frame.attempts);
    const text = input.type === 'text' ? input.text.trim() : '';
    switch (step) {
      case 'owner': {
        const owner =
          input.type === 'action' && input.action === 'owner' ? input.args[0] : ownerFromText(ctx, trajectory, text);
        if (owner !== 'employee' && owner !== 'coach')
          return ask(ctx, trajectory, values, step, [ctx.t('agreement.owner.again')], frame.attempts + 1);
        return ask(ctx, trajectory, { ...values, owner }, 'what');
      }
      case 'what': {
        if (values.agreementId && isKeep(input)) return ask(ctx, trajectory, values, 'when');
        if (!text) return ask(ctx, trajectory, values, step, [ctx.t('agreement.what.again')], frame.attempts + 1);
        if (text.length > MAX_WHAT)
          return ask(
            ctx,
            trajectory,
            values,
            step,
            [ctx.t('input.tooLong', { length: text.length, max: MAX_WHAT })],
            frame.attempts + 1,
          );
        return ask(ctx, trajectory, { ...values, what: text }, 'when');
      }
      case 'when': {
        if (values.agreementId && isKeep(input)) return ask(ctx, trajectory, values, 'confirm');
        const due = checkDue(ctx, text);
        if (!due.ok) return ask(ctx, trajectory, values, step, [due.error], frame.attempts + 1);
        return ask(ctx, trajectory, { ...values, due: due.due }, 'confirm');
      }
      case 'confirm': {
        if (input.type === 'action' && input.action === 'otherDate') return ask(ctx, trajectory, values, 'when');
        if (
          !(input.type === 'action' && input.action === 'yes') &&
          !/^(yes|ja|ok|oké|prima|klopt|correct)\b/i.test(text)
        ) {
          return ask(ctx, trajectory, values, step, [], frame.attempts + 1);
        }
        return finish(ctx, trajectory, values);
      }
    }
    return decided(idle(), [{ text: ctx.t('unknown.idle') }]);
  },
};

function isKeep(input: FlowInput): boolean {
  return (
    (input.type === 'action' && input.action === 'keep') ||
    (input.type === 'text' && /^(keep|houden|zo laten|same|hetzelfde)$/i.test(input.text.trim()))
  );
}

function ownerFromText(ctx: FlowContext, trajectory: Trajectory, text: string): Role | undefined {
  const t = text.toLowerCase();
  const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
  if (/^(me|i|ik|mij|myself|zelf)$/.test(t)) return mine;
  if (/^(you|jij|jou|coach)$/.test(t)) return 'coach';
  if (/^(employee|medewerker|coachee)$/.test(t)) return 'employee';
  return undefined;
}

async function ask(
  ctx: FlowContext,
  trajectory: Trajectory,
  values: Values,
  step: Step,
  preface: readonly string[] = [],
  attempts = 0,
): Promise<Decided> {
  const frame: DialogFrame = { flow: 'agreement', step, values: { ...values, stamp: ctx.turn.revision }, attempts };
  const t = ctx.t;
  const names = await namesOf(ctx, trajectory);
  const before: Reply[] = preface.map((text) => ({ text }));
  const keep = values.agreementId ? [stepButton(frame, 'keep', t('button.keep'))] : [];
  switch (step) {
    case 'owner':
      return decided(frame, [
        ...before,
        {
          text: t('agreement.owner.ask'),
          blocks: [
            {
              kind: 'buttons',
              buttons: [
                stepButton(frame, 'owner', names.employee, 'employee'),
                stepButton(frame, 'owner', names.coach, 'coach'),
              ],
            },
          ],
        },
      ]);
    case 'what':
      return decided(frame, [
        ...before,
        {
          text: values.what ? t('agreement.what.edit', { what: values.what }) : t('agreement.what.ask'),
          ...(keep.length ? { blocks: [{ kind: 'buttons' as const, buttons: keep }] } : {}),
        },
      ]);
    case 'when':
      return decided(frame, [
        ...before,
        {
          text: values.due
            ? t('agreement.when.edit', { due: formatDate(values.due, ctx.locale) })
            : t('agreement.when.ask'),
          ...(keep.length ? { blocks: [{ kind: 'buttons' as const, buttons: keep }] } : {}),
        },
      ]);
    case 'confirm': {
      const who = values.owner === 'coach' ? names.coach : names.employee;
      return decided(frame, [
        ...before,
        {
          text: t('agreement.confirm', { who, what: values.what ?? '', due: formatDate(values.due ?? '', ctx.locale) }),
          blocks: [
            {
              kind: 'buttons',
              buttons: [
                stepButton(frame, 'yes', t('button.yes'), undefined, 'primary'),
                stepButton(frame, 'otherDate', t('button.otherDate')),
              ],
            },
          ],
        },
      ]);
    }
  }
}

async function finish(ctx: FlowContext, trajectory: Trajectory, values: Values): Promise<Decided> {
  const names = await namesOf(ctx, trajectory);
  const mine = roleIn(trajectory, ctx.person.id) ?? 'employee';
  const owner = values.owner ?? mine;
  if (!values.what || !values.due) return decided(idle(), [{ text: ctx.t('error.generic') }]);
  let effect: Effect;
  let text: string;
  if (values.agreementId) {
    const found = await visibleAgreement(ctx, values.agreementId);
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const a = found.agreement;
    // Adjusting a proposal made for you makes it yours: accepted in your own words.
    const accepting = a.status === 'proposed' && a.owner === mine;
    effect = {
      type: 'agreement.change',
      agreementId: a.id,
      from: [a.status],
      set: { what: values.what, due: values.due, ...(accepting ? { status: 'open' as const } : {}) },
      change: accepting ? 'accepted' : a.due !== values.due ? 'rescheduled' : 'edited',
      byId: ctx.person.id,
    };
    text = ctx.t('agreement.updated', {
      line: agreementLine({ ...a, what: values.what, due: values.due }, names, ctx.t, ctx.locale),
    });
  } else {
    effect = createAgreement(
      ctx,
      trajectory,
      values.sessionId,
      owner,
      values.what,
      values.due,
      values.fromSupportWish ?? false,
    );
    text = confirmation(ctx, owner, mine, names, values.what, values.due);
  }
  const back = values.returnTo
    ? {
        flow: values.returnTo,
        step: 'agreements',
        values: { sessionId: values.sessionId ?? '', stamp: ctx.turn.revision },
        attempts: 0,
      }
    : idle();
  const more: Reply = values.returnTo
    ? {
        text: ctx.t('agreement.more'),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              stepButton(back, 'add', ctx.t('agreement.add')),
              stepButton(back, 'form', ctx.t('agreement.useForm')),
              stepButton(back, 'done', ctx.t('button.thatsAll'), undefined, 'primary'),
            ],
          },
        ],
      }
    : {
        text: ctx.t('agreement.listHint'),
        blocks: [{ kind: 'buttons', buttons: [entityButton('cmd', ctx.t('help.button.agreements'), ['agreements'])] }],
      };
  return decided(back, [{ text }, more], [effect]);
}
