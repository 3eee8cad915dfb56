/**
 * After a conversation (model steps 5–8), for both people: write down the agreements (who does what by when), fix
 * the next date before moving on, and give a short evaluation. Each sees the other's evaluation once both answered.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Block, Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, idle, stepButton, type Decided, type Flow, type FlowContext, type FlowInput } from '../flow.js';
import type { Role, Session, Trajectory } from '../model.js';
import { roleIn, visibleSession } from '../queries.js';
import { formatInstant } from '../time.js';
import { agreementFlow, agreementForm, agreementLine, namesOf } from './agreement.flow.js';
import { proposeNext, sessionFlow } from './session.flow.js';

type Step = 'agreements' | 'next' | 'rating' | 'comment';

interface Values {
  readonly stamp?: number;
  readonly sessionId: string;
  readonly rating?: number;
}

interface Loaded {
  readonly session: Session;
  readonly trajectory: Trajectory;
  readonly role: Role;
  readonly names: { employee: string; coach: string };
}

async function load(ctx: FlowContext, sessionId: string): Promise<Loaded | null> {
  const found = await visibleSession(ctx, sessionId);
  if (!found) return null;
  const role = roleIn(found.trajectory, ctx.person.id);
  if (!role) return null;
  return { ...found, role, names: await namesOf(ctx, found.trajectory) };
}

export const afterFlow: Flow = {
  name: 'after',

  async start(ctx, args) {
    const data = await load(ctx, String(args.sessionId ?? ''));
    if (!data) return decided(idle(), [{ text: ctx.t('notFound') }]);
    if (data.session.evaluations[data.role]) return decided(idle(), [{ text: ctx.t('after.alreadyDone') }]);
    const step =
      typeof args.step === 'string' && ['agreements', 'next', 'rating', 'comment'].includes(args.step)
        ? (args.step as Step)
        : 'agreements';
    const intro = step === 'agreements' ? [{ text: ctx.t('after.intro') }] : [];
    return ask(ctx, data, { sessionId: data.session.id }, step, intro);
  },

  async handle(ctx, frame, input) {
    const values = frame.values as unknown as Values;
    const data = await load(ctx, values.sessionId);
    if (!data) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const step = frame.step as Step;
    if (input.type === 'action' && input.action === 'repeat') return ask(ctx, data, values, step, [], frame.attempts);
    return answer(ctx, data, values, step, input, frame);
  },
};

async function answer(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  step: Step,
  input: FlowInput,
  frame: DialogFrame,
): Promise<Decided> {
  const text = input.type === 'text' ? input.text.trim() : '';
  const action =
    input.type === 'action'
      ? input.action
      : /^(done|klaar|that's all|dat was het|skip|overslaan|nee|no|verder|next)$/i.test(text)
        ? 'done'
        : undefined;
  switch (step) {
    case 'agreements': {
      if (action === 'add')
        return agreementFlow.start(ctx, {
          trajectoryId: data.trajectory.id,
          sessionId: data.session.id,
          returnTo: 'after',
        });
      if (action === 'form') {
        const form = agreementForm(ctx, data.trajectory, data.names, data.session.id);
        return decided(frame, [{ text: form.title, blocks: [{ kind: 'form', form }] }]);
      }
      if (action === 'support') {
        const wish = data.session.preparation.support[Number(input.type === 'action' ? input.args[0] : -1)];
        if (!wish) return ask(ctx, data, values, step, [], frame.attempts + 1);
        return agreementFlow.start(ctx, {
          trajectoryId: data.trajectory.id,
          sessionId: data.session.id,
          returnTo: 'after',
          owner: 'coach',
          what: wish,
          fromSupportWish: true,
        });
      }
      if (action === 'done') return ask(ctx, data, values, 'next');
      // Typed text here is taken as the start of a new agreement of the person's own.
      if (text)
        return agreementFlow.start(ctx, {
          trajectoryId: data.trajectory.id,
          sessionId: data.session.id,
          returnTo: 'after',
          owner: data.role,
          what: text,
        });
      return ask(ctx, data, values, step, [], frame.attempts + 1);
    }
    case 'next': {
      if (action === 'done' || action === 'keep') return ask(ctx, data, values, 'rating');
      if (action === 'accept') {
        const proposal = proposeNext(data.session, data.trajectory, ctx.person.timeZone);
        return ask(
          ctx,
          data,
          values,
          'rating',
          [{ text: ctx.t('session.next.saved', { when: formatInstant(proposal, ctx.person.timeZone, ctx.locale) }) }],
          0,
          [{ type: 'session.next', sessionId: data.session.id, startsAt: proposal.toISOString(), byId: ctx.person.id }],
        );
      }
      if (action === 'other' || text) {
        return sessionFlow.start(ctx, {
          sessionId: data.session.id,
          mode: 'next',
          returnTo: 'after',
          ...(text && action !== 'other' ? { text } : {}),
        });
      }
      return ask(ctx, data, values, step, [], frame.attempts + 1);
    }
    case 'rating': {
      const rating =
        input.type === 'action' && input.action === 'rate' ? Number(input.args[0]) : Number(text.match(/^[1-5]$/)?.[0]);
      if (action === 'done') return ask(ctx, data, values, 'comment');
      if (!Number.isInteger(rating) || rating < 1 || rating > 5)
        return ask(ctx, data, values, step, [{ text: ctx.t('after.rating.again') }], frame.attempts + 1);
      return ask(ctx, data, { ...values, rating }, 'comment');
    }
    case 'comment': {
      const comment = action === 'done' ? '' : text;
      if (!comment && action !== 'done') return ask(ctx, data, values, step, [], frame.attempts + 1);
      const effects: Effect[] = values.rating
        ? [{ type: 'evaluation.save', sessionId: data.session.id, role: data.role, rating: values.rating, comment }]
        : [];
      const other = data.role === 'employee' ? data.names.coach : data.names.employee;
      return decided(
        idle(),
        [{ text: values.rating ? ctx.t('after.thanks', { other }) : ctx.t('after.thanksNoRating') }],
        effects,
      );
    }
  }
}

async function ask(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  step: Step,
  preface: Reply[] = [],
  attempts = 0,
  effects: Effect[] = [],
): Promise<Decided> {
  const t = ctx.t;
  const frame: DialogFrame = { flow: 'after', step, values: { ...values, stamp: ctx.turn.revision }, attempts };
  const reply = (r: Reply): Decided => decided(frame, [...preface, r], effects);
  switch (step) {
    case 'agreements': {
      const made = (await ctx.agreements.listForTrajectory(data.trajectory.id)).filter(
        (a) => a.sessionId === data.session.id && a.status !== 'dropped',
      );
      const blocks: Block[] = [];
      if (made.length)
        blocks.push({
          kind: 'list',
          title: t('after.agreements.sofar'),
          items: made.map(
            (a) =>
              `${agreementLine(a, data.names, t, ctx.locale)}${a.status === 'proposed' ? ` (${t('status.proposed')})` : ''}`,
          ),
        });
      const wishes = data.role === 'coach' ? data.session.preparation.support : [];
      if (wishes.length) {
        blocks.push({ kind: 'list', title: t('after.support.title', { name: data.names.employee }), items: wishes });
        blocks.push({
          kind: 'buttons',
          buttons: wishes
            .slice(0, 5)
            .map((w, i) => stepButton(frame, 'support', t('after.support.make', { n: i + 1 }), String(i))),
        });
      }
      blocks.push({
        kind: 'buttons',
        buttons: [
          stepButton(frame, 'add', t('agreement.add'), undefined, 'primary'),
          stepButton(frame, 'form', t('agreement.useForm')),
          stepButton(frame, 'done', made.length ? t('button.thatsAll') : t('after.agreements.none')),
        ],
      });
      return reply({ text: t('after.agreements.ask'), blocks });
    }
    case 'next': {
      const session = data.session;
      if (session.nextSessionId) {
        const next = await ctx.sessions.get(session.nextSessionId);
        if (next)
          return reply({
            text: t('after.next.fixed', { when: formatInstant(next.startsAt, ctx.person.timeZone, ctx.locale) }),
            blocks: [{ kind: 'buttons', buttons: [stepButton(frame, 'keep', t('button.fine'), undefined, 'primary')] }],
          });
      }
      const proposal = proposeNext(session, data.trajectory, ctx.person.timeZone);
      return reply({
        text: t('after.next.ask', { when: formatInstant(proposal, ctx.person.timeZone, ctx.locale) }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              stepButton(frame, 'accept', t('after.next.accept'), undefined, 'primary'),
              stepButton(frame, 'other', t('button.otherDate')),
            ],
          },
        ],
      });
    }
    case 'rating':
      if (data.session.evaluations[data.role])
        return decided(idle(), [...preface, { text: t('after.alreadyDone') }], effects);
      return reply({
        text: t('after.rating.ask'),
        blocks: [
          { kind: 'buttons', buttons: [1, 2, 3, 4, 5].map((n) => stepButton(frame, 'rate', String(n), String(n))) },
        ],
      });
    case 'comment':
      return reply({
        text: t('after.comment.ask'),
        blocks: [{ kind: 'buttons', buttons: [stepButton(frame, 'done', t('button.skip'))] }],
      });
  }
}
