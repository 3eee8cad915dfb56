/**
 * The coaching decider: routes a turn to a global command, an entity action, the scheduler's resume, or the flow in
 * progress. It reads through repositories and returns a decision; it never writes (effects do that, after commit).
 */
import type { DialogState } from '../core/dialog.js';
import type { Decider, TurnInfo, TurnInput } from '../core/engine.js';
import type { AppError } from '../core/errors.js';
import type { Channel } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import { inEveryLanguage, translator } from '../i18n/index.js';
import { parseCommand, type ParsedCommand } from './commands.js';
import { answerAgreementQuestion, ASKED_KEY, ASKING_RESUMES, parseAsked, yesNoAction } from './listen/reply.answer.js';
import { afterAnswering, keepOpen, remember, replyTarget, type AskedQuestion } from './listen/reply.routing.js';
import { namedHeld } from './listen/held.words.js';
import { namedQuestion } from './listen/named.question.js';
import { answerSessionQuestion } from './listen/session.answer.js';
import { answerShown, moveSentence, startMove } from './listen/move.answer.js';
import { toLocal } from './time.js';
import { keepOpenFlow, parkedIn, withoutParked } from './listen/parked.js';
import { namesPreparation } from './listen/choice.words.js';
import { keepStamp } from './flows/stamp.js';
import type { Effect } from './effects.js';
import { decided, idle, type Decided, type Flow, type FlowContext, type FlowInput } from './flow.js';
import { MAX_TEXT, type Person } from './model.js';
import type { AgreementRepo, Directory, PeopleRepo, SessionRepo, TrajectoryRepo } from './ports.js';
import type { CoachingSettings } from './flow.js';
import type { PersonalDataReader } from './privacy/personal-data.model.js';

/** Handles a typed or slash command while idle or mid-flow. Returns null when the command does not apply. */
export type CommandHandler = (
  ctx: FlowContext,
  state: DialogState<Effect>,
  command: ParsedCommand,
) => Promise<Decided | null>;
/** Handles an entity-bound button (accept a trajectory, complete an agreement…). */
export type ActionHandler = (
  ctx: FlowContext,
  state: DialogState<Effect>,
  args: readonly string[],
  values: Readonly<Record<string, string>> | undefined,
) => Promise<Decided>;
/**
 * Renders what the scheduler wakes a person for; may start a flow, may decide nothing needs saying. `asked` are the
 * questions messages asked that are still open (a reminder can see that an invitation asked the same today).
 */
export type ResumeHandler = (
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: Readonly<Record<string, unknown>>,
  key: string,
  asked: readonly AskedQuestion[],
) => Promise<Decided>;

export interface DeciderDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly directories: Partial<Record<Channel, Directory>>;
  readonly settings: CoachingSettings;
  readonly personalData?: PersonalDataReader;
  readonly flows: readonly Flow[];
  readonly commands: Partial<Record<ParsedCommand['name'], CommandHandler>>;
  readonly actions: Readonly<Record<string, ActionHandler>>;
  readonly resumers: Readonly<Record<string, ResumeHandler>>;
}

export class CoachingDecider implements Decider<Effect, Person> {
  private readonly flows: ReadonlyMap<string, Flow>;

  constructor(private readonly deps: DeciderDeps) {
    this.flows = new Map(deps.flows.map((f) => [f.name, f]));
  }

  readonly lastResort: Reply = { text: inEveryLanguage('error.generic') };

  async apologise(personId: string, error: AppError): Promise<Reply> {
    const person = await this.deps.people.get(personId);
    const t = translator(person?.locale ?? this.deps.settings.defaultLocale);
    return { text: t(error.code === 'store_conflict' ? 'error.busy' : 'error.generic') };
  }

  /**
   * Open questions asked by messages outside a flow travel with the dialog values under ASKED_KEY; flows never see
   * them (so their values and stamps are unchanged), and every decision carries them on.
   */
  async decide(full: DialogState<Effect>, input: TurnInput, turn: TurnInfo<Person>): Promise<Decided> {
    const { [ASKED_KEY]: stored, ...values } = full.values;
    const asked = parseAsked(stored);
    const state: DialogState<Effect> = { ...full, values };
    const box = { asked };
    const made = await this.decideWith(state, input, turn, box);
    // A planned conversation shown with its buttons ("next session") is open for the person's next turn only.
    if (input.kind === 'event') box.asked = box.asked.filter((q) => q.kind !== 'planned' || !asked.includes(q));
    // A decision may ask a question outside its flow (listed under ASKED_KEY): it joins the open questions.
    const { [ASKED_KEY]: asks, ...frameValues } = made.frame.values;
    const next = parseAsked(asks).reduceRight(remember, box.asked);
    const decision = { ...made, frame: { ...made.frame, values: frameValues } };
    if (next.length === 0) return decision;
    return { ...decision, frame: { ...decision.frame, values: { ...frameValues, [ASKED_KEY]: next } } };
  }

  private async decideWith(
    full: DialogState<Effect>,
    input: TurnInput,
    turn: TurnInfo<Person>,
    box: { asked: AskedQuestion[] },
  ): Promise<Decided> {
    // A flow parked under a date or a wrap-up (listen/parked.ts) travels beside the frame; flows never see it.
    const parked = parkedIn(full.values);
    const state: DialogState<Effect> = { ...full, values: withoutParked(full.values) };
    const person = turn.subject ?? (await this.deps.people.get(turn.personId)); // read with the state, or now
    if (!person) throw new Error('unknown person');
    const from = input.kind === 'event' ? input.event.from : undefined;
    const directory = from ? this.deps.directories[from.channel] : undefined;
    const ctx: FlowContext = {
      person,
      locale: person.locale,
      t: translator(person.locale),
      turn,
      now: turn.now,
      people: this.deps.people,
      trajectories: this.deps.trajectories,
      sessions: this.deps.sessions,
      agreements: this.deps.agreements,
      settings: this.deps.settings,
      ...(this.deps.personalData ? { personalData: this.deps.personalData } : {}),
      ...(from ? { from } : {}),
      ...(directory ? { directory } : {}),
    };
    return keepOpenFlow(ctx, state, parked, await this.route(ctx, state, input, turn, box), this.flows);
  }

  private async route(
    ctx: FlowContext,
    state: DialogState<Effect>,
    input: TurnInput,
    turn: TurnInfo<Person>,
    box: { asked: AskedQuestion[] },
  ): Promise<Decided> {
    if (input.kind === 'resume') {
      const handler = this.deps.resumers[input.event.kind];
      if (!handler) return decided(state, []);
      const resumed = await handler(ctx, state, input.event.payload, input.event.key, box.asked);
      const asking = ASKING_RESUMES[input.event.kind];
      const ref = asking ? input.event.payload[asking.ref] : undefined;
      if (asking && typeof ref === 'string' && resumed.replies.length > 0)
        box.asked = remember(box.asked, {
          kind: asking.about,
          ref,
          revision: turn.revision,
          at: turn.now.toISOString(),
        });
      return resumed;
    }

    const body = input.body;
    switch (body.type) {
      case 'command':
        return this.onText(ctx, state, `${body.name} ${body.args}`.trim());
      case 'text':
        return this.onText(ctx, state, body.text, box);
      case 'action': {
        // A button about what a message asked answers that question ("Plan the next conversation": "Did it take
        // place?" stays open for words that name it); putting a reminder off leaves "how is it going?" open.
        const [ref] = (body.value ?? '').split('|');
        const kind = body.action === 'session.plan' ? 'next' : undefined;
        if (ref && !body.action.startsWith('step:') && body.action !== 'agreement.snooze')
          box.asked = afterAnswering(box.asked, kind, ref);
        return this.onAction(ctx, state, body.action, body.value ?? '', body.values);
      }
      default: {
        const never: never = body;
        throw new Error(`unknown body ${JSON.stringify(never)}`);
      }
    }
  }

  private async onText(
    ctx: FlowContext,
    state: DialogState<Effect>,
    raw: string,
    box: { asked: AskedQuestion[] } = { asked: [] },
  ): Promise<Decided> {
    const text = raw.trim();
    // Bad input changes nothing: the frame is kept as it is.
    if (text.length === 0) return decided(state, [{ text: ctx.t('input.empty') }]);
    if (text.length > MAX_TEXT)
      return decided(state, [{ text: ctx.t('input.tooLong', { length: text.length, max: MAX_TEXT }) }]);

    const flow = state.flow ? this.flows.get(state.flow) : undefined;
    const stamp = typeof state.values.stamp === 'number' ? state.values.stamp : 0;
    const named = Boolean(namedHeld(text)); // "yes, it took place": reaches "Did it take place?" behind a later answer
    const target = replyTarget(flow ? { revision: stamp, form: false } : null, box.asked, ctx.now, named);
    const command = parseCommand(text);
    // "start" or "later" to "Shall we prepare?" answers it: a command word is a command when it answers no such question.
    const answers = target.to === 'asked' && Boolean(yesNoAction(target.question.kind, text));
    if (command && !answers && command.name !== 'done' && command.name !== 'skip') {
      const handler = this.deps.commands[command.name];
      const result = handler ? await handler(ctx, state, command) : null;
      if (result) return result;
    }
    if (target.to === 'asked') {
      const question = await namedQuestion(ctx.agreements, target.question, box.asked, text, ctx.now);
      const others = afterAnswering(box.asked, question.kind, question.ref);
      const yesNo = yesNoAction(question.kind, text); // "Accept | Decline", "Prepare | Later" answered in words
      if (yesNo !== undefined) {
        const act = yesNo ? this.deps.actions[yesNo] : undefined;
        if (!act) return keepOpen(box, question, (rest) => this.onText(ctx, state, raw, rest));
        box.asked = others;
        return act(ctx, state, [question.ref], undefined);
      }
      if (question.kind === 'planned') {
        // "next session" showed one or more planned conversations with [Move] [Call off]: a label, a date, "we moved it".
        const shown = box.asked.filter((q) => q.kind === 'planned' && q.revision === question.revision);
        box.asked = box.asked.filter((q) => !shown.includes(q));
        const answer = await answerShown(ctx, state, shown, text, this.deps.actions);
        return answer ?? this.onText(ctx, state, raw, box);
      }
      box.asked = others; // answered, or null: no longer applies (session held/moved/called off, agreement closed)
      const { named: _behind, ...asked } = question;
      const again = { ...asked, revision: ctx.turn.revision, at: ctx.now.toISOString() }; // asked again, for any reply
      if (question.kind === 'session' || question.kind === 'next') {
        const answer = await answerSessionQuestion(ctx, state, question, text, this.deps.actions);
        if (!answer) return this.onText(ctx, state, raw, box);
        box.asked = answer.stillOpen ? remember(others, again) : others;
        return answer.decided;
      }
      const answered = await answerAgreementQuestion(ctx, question, text);
      if (!answered) return this.onText(ctx, state, raw, box);
      if (answered.stillOpen) box.asked = remember(others, again);
      return this.afterAnswer(ctx, state, flow, answered);
    }
    if (flow) return keepStamp(state, await flow.handle(ctx, state, { type: 'text', text }));
    return this.nothingOpen(ctx, state, text);
  }

  /** Nothing open: "we moved it to Friday" means the planned conversation, "let's prepare" its preparation. */
  private async nothingOpen(ctx: FlowContext, state: DialogState<Effect>, text: string): Promise<Decided> {
    const move = moveSentence(text, toLocal(ctx.now, ctx.person.timeZone).date);
    if (move) return startMove(ctx, state, move);
    const prepare = namesPreparation(text) ? this.deps.commands.prepare : undefined;
    const prepared = prepare ? await prepare(ctx, state, { name: 'prepare', args: '' }) : null;
    return prepared ?? decided(idle(state.values), [{ text: ctx.t('unknown.idle') }]);
  }

  /** After a typed answer to a message's question: back to the flow's question, if one was open. */
  private async afterAnswer(
    ctx: FlowContext,
    state: DialogState<Effect>,
    flow: Flow | undefined,
    answered: { replies: Reply[]; effects: Effect[] },
  ): Promise<Decided> {
    if (!flow) return decided(state, answered.replies, answered.effects);
    const again = keepStamp(state, await flow.handle(ctx, state, { type: 'action', action: 'repeat', args: [] }));
    return {
      frame: again.frame,
      replies: [...answered.replies, { text: ctx.t('reply.back') }, ...again.replies],
      effects: [...answered.effects, ...again.effects],
    };
  }

  private async onAction(
    ctx: FlowContext,
    state: DialogState<Effect>,
    action: string,
    value: string,
    values: Readonly<Record<string, string>> | undefined,
  ): Promise<Decided> {
    const args = value === '' ? [] : value.split('|');
    if (action.startsWith('step:')) {
      const [flowName = '', step = '', stamp = '', ...rest] = args;
      const flow = this.flows.get(flowName);
      const current = state.flow === flowName && state.step === step && String(state.values.stamp ?? 0) === stamp;
      if (!flow || !current) return this.stale(ctx, state);
      const input: FlowInput = {
        type: 'action',
        action: action.slice('step:'.length),
        args: rest,
        ...(values ? { values } : {}),
      };
      return keepStamp(state, await flow.handle(ctx, state, input));
    }
    // A menu button stands for a typed command ("prepare", "agreements"…).
    if (action === 'cmd') return this.onText(ctx, state, value);
    const handler = this.deps.actions[action];
    if (handler) return handler(ctx, state, args, values);
    return this.stale(ctx, state);
  }

  /** A button from an earlier message: say so kindly and show where we are now. Nothing changes. */
  private async stale(ctx: FlowContext, state: DialogState<Effect>): Promise<Decided> {
    const flow = state.flow ? this.flows.get(state.flow) : undefined;
    if (flow) {
      const again = keepStamp(state, await flow.handle(ctx, state, { type: 'action', action: 'repeat', args: [] }));
      return decided(again.frame, [{ text: ctx.t('stale.button') }, ...again.replies]);
    }
    return decided(state, [{ text: ctx.t('stale.button') }, { text: ctx.t('unknown.idle') }]);
  }
}
