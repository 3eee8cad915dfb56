/**
 * One preparation turn: what was loaded, where the person is, and the moves every step uses (ask a step's question,
 * ask again, move on saving what changed). The steps themselves live in the step table (`steps.ts`).
 */
import { z } from 'zod';
import type { DialogFrame } from '../../../core/dialog.js';
import type { Block, Button, Reply } from '../../../core/reply.js';
import type { Effect } from '../../effects.js';
import { decided, stepButton, type Decided, type FlowContext, type FlowInput } from '../../flow.js';
import type { Agreement, Intake, Preparation, Session, Trajectory } from '../../model.js';
import { addUnique } from '../text.js';

export const PREP_STEPS = [
  'goal',
  'learning',
  'challenge',
  'firstStep',
  'keepInformed',
  'report',
  'reportFollowUp',
  'successes',
  'review',
  'coachFeedback',
  'improvements',
  'order',
  'support',
  'topics',
  'topicOrder',
  'time',
  'summary',
] as const;
export type PrepStep = (typeof PREP_STEPS)[number];

/** The first-conversation intake (tips 3, 4, 6, 9), in the order it is asked; editable later from the summary. */
export const INTAKE_STEPS = [
  'learning',
  'challenge',
  'firstStep',
  'keepInformed',
] as const satisfies readonly PrepStep[];
export type IntakeStep = (typeof INTAKE_STEPS)[number];
export const isIntakeStep = (s: PrepStep): s is IntakeStep => (INTAKE_STEPS as readonly PrepStep[]).includes(s);
/** Questions about an earlier conversation: never asked in a first one. */
const SINCE_LAST_TIME: ReadonlySet<PrepStep> = new Set(['review', 'coachFeedback']);
export const prepStepSchema = z.enum(PREP_STEPS);

export const prepValuesSchema = z.object({
  sessionId: z.string(),
  editing: z.boolean().optional(),
  reviewIndex: z.number().int().min(0).optional(),
  noteFor: z.string().optional(),
  stamp: z.number().optional(),
});
export type PrepValues = z.infer<typeof prepValuesSchema>;

export interface Loaded {
  readonly session: Session;
  readonly trajectory: Trajectory;
  readonly coachName: string;
  /** Open agreements of the employee from earlier sessions: the ones to review. */
  readonly toReview: readonly Agreement[];
  /** The coach's agreements from earlier sessions: the commitments to give feedback on. */
  readonly coachCommitments: readonly Agreement[];
  /** No conversation of this trajectory has taken place yet: the intake is asked, nothing about "last time". */
  readonly first: boolean;
  /** The newest intake the employee gave in this trajectory (this preparation's own first), to show and change. */
  readonly intake: Intake;
}

/** What a step's question is asked with. `say` adds the preface and binds the blocks to the step's frame. */
export interface Question {
  readonly ctx: FlowContext;
  readonly data: Loaded;
  readonly prep: Preparation;
  readonly values: PrepValues;
  readonly frame: DialogFrame;
  readonly preface: readonly Reply[];
  say(text: string, ...blocks: Block[]): Decided;
  button(action: string, label: string, arg?: string, style?: Button['style']): Button;
}

/** A person's answer: the raw input, the trimmed text, and the step word it stands for (typed or pressed). */
export interface Answer {
  readonly input: FlowInput;
  readonly text: string;
  readonly word: string | undefined;
}

/** One step of the conversation: its question and what its answer does, side by side. */
export interface PrepStepDef {
  ask(q: Question): Decided;
  answer(turn: PrepTurn, answer: Answer): Decided;
}
export type PrepStepTable = { readonly [K in PrepStep]: PrepStepDef };

interface MoveOptions {
  readonly finished?: boolean;
  readonly extra?: readonly Effect[];
  readonly values?: PrepValues;
}

export class PrepTurn {
  constructor(
    readonly ctx: FlowContext,
    readonly data: Loaded,
    readonly values: PrepValues,
    readonly step: PrepStep,
    readonly attempts: number,
    private readonly steps: PrepStepTable,
  ) {}

  get prep(): Preparation {
    return this.data.session.preparation;
  }

  frame(step: PrepStep, values: PrepValues = this.values, attempts = 0): DialogFrame {
    return { flow: 'prepare', step, values: { ...values, stamp: this.ctx.turn.revision }, attempts };
  }

  /** Asks a step's question, with `data` as it stands after this turn's change. */
  ask(step: PrepStep, preface: readonly Reply[] = [], attempts = 0, values = this.values, data = this.data): Decided {
    const frame = this.frame(step, values, attempts);
    return this.steps[step].ask({
      ctx: this.ctx,
      data,
      prep: data.session.preparation,
      values,
      frame,
      preface,
      say: (text, ...blocks) => decided(frame, [...preface, blocks.length ? { text, blocks } : { text }]),
      button: (action, label, arg, style) => stepButton(frame, action, label, arg, style),
    });
  }

  /** The same question again after an unclear answer, with a kind hint. */
  again(hint: string): Decided {
    return this.ask(this.step, [{ text: hint }], this.attempts + 1);
  }

  /** Moves to a step, saving the changed preparation (if any) and asking the step's question. */
  move(
    step: PrepStep,
    changed: Preparation | null,
    preface: readonly Reply[] = [],
    options: MoveOptions = {},
  ): Decided {
    const data = changed ? { ...this.data, session: { ...this.data.session, preparation: changed } } : this.data;
    const asked = this.ask(step, preface, 0, options.values ?? this.values, data);
    const extra = options.extra ?? [];
    const effects = changed ? [this.save(changed, options.finished ?? false), ...extra] : extra;
    return { ...asked, effects: [...asked.effects, ...effects] };
  }

  /** On to the next step in the method's order, or back to the summary when editing one part (the intake is one). */
  next(changed: Preparation | null, preface: readonly Reply[] = []): Decided {
    const intakeNext = isIntakeStep(this.step) ? INTAKE_STEPS[INTAKE_STEPS.indexOf(this.step) + 1] : undefined;
    const editing = this.values.editing && this.step !== 'summary';
    const target = editing ? (intakeNext ?? 'summary') : this.following(changed ?? this.prep);
    return this.move(target, changed, preface);
  }

  /** The step after this one in the method's order, leaving out what does not apply. */
  following(prep: Preparation, from: PrepStep = this.step): PrepStep {
    for (const s of PREP_STEPS.slice(PREP_STEPS.indexOf(from) + 1)) {
      if (isIntakeStep(s) && !this.data.first) continue;
      if (SINCE_LAST_TIME.has(s) && this.data.first) continue;
      if (s === 'reportFollowUp' && !prep.report) continue;
      if (s === 'review' && this.data.toReview.length === 0) continue;
      if (s === 'order' && prep.improvements.length < 2) continue;
      if (s === 'topicOrder' && prep.topics.length < 2) continue;
      return s;
    }
    return 'summary';
  }

  /** The preparation with this step marked as skipped. */
  skipped(): Preparation {
    return { ...this.prep, skipped: addUnique(this.prep.skipped, [this.step]) };
  }

  /** The preparation with `change` applied and this step no longer marked as skipped. */
  answered(change: Partial<Preparation>): Preparation {
    return { ...this.prep, ...change, skipped: this.prep.skipped.filter((s) => s !== this.step) };
  }

  save(preparation: Preparation, finished: boolean): Effect {
    return { type: 'preparation.save', sessionId: this.data.session.id, preparation, finished };
  }
}

export const buttons = (...list: Button[]): Block => ({ kind: 'buttons', buttons: list });
