/**
 * Flows as step tables: each step's question and what its answer does sit side by side, so a step reads as one piece
 * of conversation. A flow loads what its steps need (`data`) once per turn, parses its saved values with its schema,
 * and hands the answer to the current step; the step asks the next question through the turn.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Button, Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, stepButton, type Decided, type FlowContext, type FlowInput } from '../flow.js';

/** What a step's question is asked with. */
export interface Asking<V, D> {
  readonly ctx: FlowContext;
  readonly data: D;
  readonly values: V;
  readonly frame: DialogFrame;
  readonly preface: readonly Reply[];
  /** The question after the preface, on this step's frame. */
  say(reply: Reply): Decided;
  /** A button bound to this step (a press from an older message is recognised as stale). */
  button(action: string, label: string, arg?: string, style?: Button['style']): Button;
}

export interface StepDef<S extends string, V extends object, D> {
  ask(q: Asking<V, D>): Decided | Promise<Decided>;
  answer(turn: StepTurn<S, V, D>, input: FlowInput): Decided | Promise<Decided>;
}

export type StepTable<S extends string, V extends object, D> = { readonly [K in S]: StepDef<S, V, D> };

export interface AskOptions<V> {
  readonly values?: V;
  readonly preface?: readonly Reply[];
  readonly attempts?: number;
  /** Effects this turn decided, kept with whatever the question decides. */
  readonly effects?: readonly Effect[];
}

export class StepTurn<S extends string, V extends object, D> {
  constructor(
    readonly flow: string,
    readonly ctx: FlowContext,
    readonly data: D,
    readonly values: V,
    readonly step: S,
    readonly attempts: number,
    private readonly table: StepTable<S, V, D>,
  ) {}

  frame(step: S, values: V = this.values, attempts = 0): DialogFrame {
    return { flow: this.flow, step, values: { ...values, stamp: this.ctx.turn.revision }, attempts };
  }

  /** Asks a step's question (the next one, or this one again). */
  async ask(step: S, options: AskOptions<V> = {}): Promise<Decided> {
    const values = options.values ?? this.values;
    const frame = this.frame(step, values, options.attempts ?? 0);
    const preface = options.preface ?? [];
    const asked = await this.table[step].ask({
      ctx: this.ctx,
      data: this.data,
      values,
      frame,
      preface,
      say: (reply) => decided(frame, [...preface, reply]),
      button: (action, label, arg, style) => stepButton(frame, action, label, arg, style),
    });
    const effects = options.effects ?? [];
    return effects.length ? { ...asked, effects: [...asked.effects, ...effects] } : asked;
  }

  /**
   * This step's question again after an unclear answer, with kind hints (if any); from the second time on it also
   * says how to leave the question for now, so nobody is held in a loop.
   */
  again(...hints: string[]): Promise<Decided> {
    const attempts = this.attempts + 1;
    const leave = attempts >= 2 ? [this.ctx.t('input.leave')] : [];
    return this.ask(this.step, { preface: [...hints, ...leave].map((text) => ({ text })), attempts });
  }

  /** The same turn at another step: an answer to an earlier question, given while a later one was asked. */
  at(step: S): StepTurn<S, V, D> {
    return new StepTurn(this.flow, this.ctx, this.data, this.values, step, 0, this.table);
  }

  /** Handles a turn: `repeat` asks the question again, anything else is the step's answer. */
  static handle<S extends string, V extends object, D>(turn: StepTurn<S, V, D>, input: FlowInput): Promise<Decided> {
    if (input.type === 'action' && input.action === 'repeat') return turn.ask(turn.step, { attempts: turn.attempts });
    return Promise.resolve(turn.table[turn.step].answer(turn, input));
  }
}

/** The trimmed text of a typed answer ('' for a button). */
export const textOf = (input: FlowInput): string => (input.type === 'text' ? input.text.trim() : '');
