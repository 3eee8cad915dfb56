/** Recording an agreement step by step: whose it is → what → by when → confirm (the date as understood). */
import { z } from 'zod';
import type { Reply } from '../../../core/reply.js';
import type { Effect } from '../../effects.js';
import { decided, entityButton, idle, stepButton, type Decided, type FlowContext, type FlowInput } from '../../flow.js';
import { roleSchema, type Role, type Trajectory } from '../../model.js';
import { roleIn, visibleAgreement } from '../../queries.js';
import { parseDate } from '../../dates.js';
import { formatDate, toLocal } from '../../time.js';
import { yesOrNo } from '../../listen/held.words.js';
import { textOf, type StepTable, type StepTurn } from '../step-table.js';
import {
  checkDue,
  confirmation,
  deadlineIn,
  createAgreement,
  feasibleLabel,
  feasibleSaid,
  ownerWord,
  whatUnclear,
  type FeasibleAnswer,
} from './parts.js';

export const AGREEMENT_STEPS = ['owner', 'what', 'when', 'confirm', 'feasible'] as const;
export type AgreementStep = (typeof AGREEMENT_STEPS)[number];

export const agreementValuesSchema = z.object({
  stamp: z.number().optional(),
  trajectoryId: z.string(),
  sessionId: z.string().optional(),
  /** Set when editing an existing agreement rather than adding one. */
  agreementId: z.string().optional(),
  owner: roleSchema.optional(),
  what: z.string().optional(),
  due: z.string().optional(),
  /** The flow to go back to when done (the after-session flow). */
  returnTo: z.string().optional(),
  /** Made from a support wish in the preparation (an agreement of the coach's). */
  fromSupportWish: z.boolean().optional(),
  /** The agreement just made (or accepted) whose feasibility is asked (tip 4: realistic expectations). */
  feasibleFor: z.string().optional(),
});
export type AgreementValues = z.infer<typeof agreementValuesSchema>;

export interface AgreementData {
  readonly trajectory: Trajectory;
  readonly names: { readonly employee: string; readonly coach: string };
}

type Turn = StepTurn<AgreementStep, AgreementValues, AgreementData>;

/**
 * "How feasible is this by {date}?" (tip 4), asked of the person whose agreement it is, right after they made or
 * accepted it. An open question: a button or their own words, kept as a note on the agreement; "let's adjust it"
 * goes back to what and when.
 */
const feasibleStep: StepTable<AgreementStep, AgreementValues, AgreementData>['feasible'] = {
  ask: (q) =>
    q.say({
      text: q.ctx.t('agreement.feasible.ask', { due: formatDate(q.values.due ?? '', q.ctx.locale) }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            q.button('feasible', q.ctx.t('agreement.feasible.yes'), 'yes', 'primary'),
            q.button('feasible', q.ctx.t('agreement.feasible.stretch'), 'stretch'),
            q.button('adjust', q.ctx.t('agreement.feasible.adjust')),
          ],
        },
      ],
    }),
  answer(turn, input) {
    const { ctx, values } = turn;
    const id = values.feasibleFor;
    if (!id) return goBack(turn, ctx.t('prep.noted'), []);
    const adjust =
      (input.type === 'action' && input.action === 'adjust') ||
      /^(adjust|adjust it|let'?s adjust( it)?|change it|aanpassen|liever aanpassen|wijzigen)$/i.test(textOf(input));
    if (adjust) {
      const { feasibleFor: _asked, ...rest } = values;
      return turn.ask('what', { values: { ...rest, agreementId: id } });
    }
    const pressed = feasibleAnswer(ctx, input);
    const quote = pressed ? ctx.t(`agreement.feasible.${pressed}`) : textOf(input);
    if (!quote) return turn.again();
    const note: Effect = {
      type: 'agreement.change',
      agreementId: id,
      from: ['open', 'proposed'],
      set: {},
      change: 'note',
      byId: ctx.person.id,
      note: quote,
    };
    const said = pressed
      ? feasibleSaid(ctx, pressed, values.what ?? '', values.due ?? '')
      : ctx.t('agreement.feasible.noted', { quote });
    return goBack(turn, said, [note]);
  },
};

/** A feasibility button pressed, or its label typed (the button's words are the button). */
function feasibleAnswer(ctx: FlowContext, input: FlowInput): FeasibleAnswer | undefined {
  const answer = input.type === 'action' && input.action === 'feasible' ? input.args[0] : undefined;
  return answer === 'yes' || answer === 'stretch' ? answer : feasibleLabel(ctx, textOf(input));
}

export const agreementSteps: StepTable<AgreementStep, AgreementValues, AgreementData> = {
  owner: {
    ask: (q) =>
      q.say({
        text: q.ctx.t('agreement.owner.ask'),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              q.button('owner', q.data.names.employee, 'employee'),
              q.button('owner', q.data.names.coach, 'coach'),
            ],
          },
        ],
      }),
    answer(turn, input) {
      const owner =
        input.type === 'action' && input.action === 'owner' ? input.args[0] : ownerFromText(turn, textOf(input));
      if (owner !== 'employee' && owner !== 'coach') return turn.again(turn.ctx.t('agreement.owner.again'));
      return turn.ask('what', { values: { ...turn.values, owner } });
    },
  },
  what: {
    ask: (q) =>
      q.say({
        text: q.values.what ? q.ctx.t('agreement.what.edit', { what: q.values.what }) : q.ctx.t('agreement.what.ask'),
        ...(q.values.agreementId
          ? { blocks: [{ kind: 'buttons', buttons: [q.button('keep', q.ctx.t('button.keep'))] }] }
          : {}),
      }),
    answer(turn, input) {
      const text = textOf(input);
      if (turn.values.agreementId && isKeep(input)) return turn.ask('when');
      const unclear = whatUnclear(turn.ctx, text);
      if (unclear) return turn.again(unclear);
      const said = deadlineIn(turn.ctx, text);
      if (said) return turn.ask('confirm', { values: { ...turn.values, what: said.what, due: said.due } });
      return turn.ask('when', { values: { ...turn.values, what: text } });
    },
  },
  when: {
    ask: (q) =>
      q.say({
        text: q.values.due
          ? q.ctx.t('agreement.when.edit', { due: formatDate(q.values.due, q.ctx.locale) })
          : q.ctx.t('agreement.when.ask'),
        ...(q.values.agreementId
          ? { blocks: [{ kind: 'buttons', buttons: [q.button('keep', q.ctx.t('button.keep'))] }] }
          : {}),
      }),
    answer(turn, input) {
      if (turn.values.agreementId && isKeep(input)) return turn.ask('confirm');
      const due = checkDue(turn.ctx, textOf(input));
      if (!due.ok) return turn.again(due.error);
      return turn.ask('confirm', { values: { ...turn.values, due: due.due } });
    },
  },
  confirm: {
    ask(q) {
      const mine = roleIn(q.data.trajectory, q.ctx.person.id) ?? 'employee';
      const who = ownerWord(q.ctx, q.values.owner ?? mine, mine, q.data.names);
      const due = formatDate(q.values.due ?? '', q.ctx.locale);
      return q.say({
        text: q.ctx.t('agreement.confirm', { who, what: q.values.what ?? '', due }),
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              q.button('yes', q.ctx.t('button.yes'), undefined, 'primary'),
              q.button('otherDate', q.ctx.t('button.otherDate')),
            ],
          },
        ],
      });
    },
    answer(turn, input) {
      if (input.type === 'action' && input.action === 'otherDate') return turn.ask('when');
      const word = input.type === 'action' && input.action === 'yes' ? 'yes' : yesOrNo(textOf(input));
      if (word === 'yes') return finish(turn);
      // Asked once: a date in the reply is a correction ("no, rather Friday"), a bare no asks for the date again,
      // and other words are read as the date itself (with a hint when they are none).
      const today = toLocal(turn.ctx.now, turn.ctx.person.timeZone).date;
      const dated = parseDate(textOf(input), today).kind !== 'unknown';
      if (input.type !== 'text' || (word === 'no' && !dated)) return turn.ask('when');
      return agreementSteps.when.answer(turn.at('when'), input);
    },
  },
  feasible: feasibleStep,
};

function isKeep(input: FlowInput): boolean {
  return (
    (input.type === 'action' && input.action === 'keep') ||
    (input.type === 'text' && /^(keep|houden|zo laten|same|hetzelfde)$/i.test(input.text.trim()))
  );
}

function ownerFromText(turn: Turn, text: string): Role | undefined {
  const t = text.toLowerCase();
  const mine = roleIn(turn.data.trajectory, turn.ctx.person.id) ?? 'employee';
  if (/^(me|i|ik|mij|myself|zelf)$/.test(t)) return mine;
  if (/^(you|jij|jou|coach)$/.test(t)) return 'coach';
  if (/^(employee|medewerker|coachee)$/.test(t)) return 'employee';
  return undefined;
}

/** Records the agreement (new, or the edit of one), then back to where the person came from. */
async function finish(turn: Turn): Promise<Decided> {
  const { ctx, values, data } = turn;
  const mine = roleIn(data.trajectory, ctx.person.id) ?? 'employee';
  const owner = values.owner ?? mine;
  const { what, due } = values;
  if (!what || !due) return decided(idle(), [{ text: ctx.t('error.generic') }]);
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
      set: { what, due, ...(accepting ? { status: 'open' as const } : {}) },
      change: accepting ? 'accepted' : a.due !== due ? 'rescheduled' : 'edited',
      byId: ctx.person.id,
    };
    const who = ownerWord(ctx, a.owner, mine, data.names);
    text = ctx.t('agreement.updated', { who, what, due: formatDate(due, ctx.locale) });
  } else {
    const fromWish = values.fromSupportWish ?? false;
    effect = createAgreement(ctx, data.trajectory, values.sessionId, owner, what, due, fromWish);
    text = confirmation(ctx, owner, mine, data.names, what, due);
    // Your own agreement: how feasible is it by then? (A proposal is asked of its owner when they accept it.)
    if (owner === mine && effect.type === 'agreement.create')
      return turn.ask('feasible', {
        values: { ...values, feasibleFor: effect.agreement.id },
        preface: [{ text }],
        effects: [effect],
      });
  }
  return goBack(turn, text, [effect]);
}

/** Back to the after-session flow's list of agreements, or idle with a pointer to the agreements. */
async function goBack(turn: Turn, text: string, effects: readonly Effect[]): Promise<Decided> {
  const { ctx, values } = turn;
  if (!values.returnTo) {
    const more: Reply = {
      text: ctx.t('agreement.listHint'),
      blocks: [{ kind: 'buttons', buttons: [entityButton('cmd', ctx.t('help.button.agreements'), ['agreements'])] }],
    };
    return decided(idle(), [{ text }, more], effects);
  }
  const back = {
    flow: values.returnTo,
    step: 'agreements',
    values: { sessionId: values.sessionId ?? '', stamp: ctx.turn.revision },
    attempts: 0,
  };
  const wishes = (await supportWishes(turn, effects)).map((_, i) =>
    stepButton(back, 'support', ctx.t('after.support.make', { n: i + 1 }), String(i)),
  );
  const buttons = [
    ...wishes,
    stepButton(back, 'add', ctx.t('agreement.add')),
    stepButton(back, 'form', ctx.t('agreement.useForm')),
    stepButton(back, 'done', ctx.t('button.thatsAll'), undefined, 'primary'),
  ];
  return decided(
    back,
    [{ text }, { text: ctx.t('agreement.more'), blocks: [{ kind: 'buttons', buttons }] }],
    [...effects],
  );
}

/**
 * For the coach, back in the wrap-up: the employee's support wishes to make their own, once the employee's own
 * solution is recorded (in this conversation, or by this very turn).
 */
async function supportWishes(turn: Turn, effects: readonly Effect[]): Promise<readonly string[]> {
  const { ctx, values, data } = turn;
  if (data.trajectory.coachId !== ctx.person.id || !values.sessionId) return [];
  const session = await ctx.sessions.get(values.sessionId);
  const made = await ctx.agreements.listForTrajectory(data.trajectory.id);
  const own =
    made.some((a) => a.sessionId === values.sessionId && a.owner === 'employee' && a.status !== 'dropped') ||
    effects.some((e) => e.type === 'agreement.create' && e.agreement.owner === 'employee');
  return own ? (session?.preparation.support ?? []).slice(0, 5) : [];
}
