/** The preparation's questions about the conversation itself: its goal, the travel report, feedback, the time. */
import type { Block } from '../../../core/reply.js';
import { conclusionOf, questionText, reflect, summaryText } from '../../listen/reflection.rules.js';
import { parseMinutes } from '../setup/values.js';
import { buttons, type PrepStepDef, type Question } from './turn.js';

const current = (q: Question, value: string | undefined): Block[] =>
  value ? [{ kind: 'text', text: q.ctx.t('prep.current', { value }) }] : [];

export const goalStep: PrepStepDef = {
  ask: (q) =>
    q.say(
      q.data.first ? q.ctx.t('prep.goal.askFirst', { coach: q.data.coachName }) : q.ctx.t('prep.goal.ask'),
      { kind: 'fields', fields: [{ label: q.ctx.t('label.trajectoryGoal'), value: q.data.trajectory.goal }] },
      ...current(q, q.prep.goal),
      buttons(q.button('skip', q.ctx.t('button.skip'))),
    ),
  answer(turn, { text, word }) {
    if (word === 'skip') return turn.next(turn.skipped());
    if (!text) return turn.again(turn.ctx.t('prep.again'));
    return turn.next(turn.answered({ goal: text }), [{ text: turn.ctx.t('prep.noted') }]);
  },
};

export const reportStep: PrepStepDef = {
  ask: (q) =>
    q.say(
      q.ctx.t(q.data.first ? 'prep.report.askFirst' : 'prep.report.ask'),
      ...current(q, q.prep.report),
      buttons(q.button('skip', q.ctx.t('button.skip'))),
    ),
  answer(turn, { text, word }) {
    if (word === 'skip') return turn.next(turn.skipped());
    if (!text) return turn.again(turn.ctx.t('prep.again'));
    // A new report gets a new reflection: the earlier follow-up answer and conclusion belonged to the old one.
    const { reportFollowUp: _old, conclusion: _oldConclusion, ...rest } = turn.answered({ report: text });
    const conclusion = reflect(text).conclusion;
    // Listen, summarise, ask further: the follow-up question comes even when editing.
    return turn.move('reportFollowUp', { ...rest, ...(conclusion ? { conclusion } : {}) });
  },
};

/**
 * Listen, summarise, ask further. The reflection names the parts of the report the employee gave (what they did,
 * noticed, concluded); without a conclusion it first asks for one in a single sentence, then asks the one follow-up
 * question chosen from what was said (a success: what made it work; a difficulty: what would help).
 */
export const reportFollowUpStep: PrepStepDef = {
  ask(q) {
    const r = reflect(q.prep.report ?? '');
    const askingConclusion = !q.prep.conclusion;
    const text = askingConclusion
      ? `${summaryText(r, q.ctx.t)} ${questionText(r, q.ctx.t)}`
      : `${r.askConclusion ? '' : `${summaryText(r, q.ctx.t)} `}${questionText(r, q.ctx.t, true)}`;
    return q.say(text, buttons(q.button('done', q.ctx.t('button.nothingToAdd'))));
  },
  answer(turn, { text, word }) {
    if (word === 'skip' || word === 'done') return turn.next(null);
    if (!text) return turn.again(turn.ctx.t('prep.again'));
    if (!turn.prep.conclusion) {
      const conclusion = conclusionOf(text);
      return turn.move('reportFollowUp', { ...turn.prep, conclusion }, [
        { text: turn.ctx.t('reflect.conclusion.noted', { quote: conclusion }) },
      ]);
    }
    return turn.next({ ...turn.prep, reportFollowUp: text }, [{ text: turn.ctx.t('prep.noted') }]);
  },
};

export const coachFeedbackStep: PrepStepDef = {
  ask(q) {
    const t = q.ctx.t;
    const commitments = q.data.coachCommitments.map((a) => `${a.what} (${t(`status.${a.status}`)})`);
    const title = t('prep.coachFeedback.commitments', { coach: q.data.coachName });
    return q.say(
      t('prep.coachFeedback.ask', { coach: q.data.coachName }),
      ...(commitments.length ? [{ kind: 'list' as const, title, items: commitments }] : []),
      buttons(q.button('skip', t('button.skip'))),
    );
  },
  answer(turn, { text, word }) {
    if (word === 'skip') return turn.next(turn.skipped());
    if (!text) return turn.again(turn.ctx.t('prep.again'));
    return turn.next(turn.answered({ coachFeedback: text }), [{ text: turn.ctx.t('prep.noted') }]);
  },
};

/** The whole conversation for the topics, as typed: "all", "all of it", "the whole hour", "alles", "de hele tijd". */
const ALL_OF_IT =
  /^(?:all|all of it|the whole (?:conversation|hour|time|thing)|everything|alles|alle|allemaal|alle tijd|de hele tijd|het hele gesprek|het hele uur)$/i;

export const timeStep: PrepStepDef = {
  ask(q) {
    const t = q.ctx.t;
    const duration = q.data.session.durationMinutes;
    const options = [15, 30, 45, 60, 90].filter((m) => m < duration);
    return q.say(
      t('prep.time.ask', { duration }),
      buttons(
        ...options.map((m) => q.button('minutes', t('minutes', { n: m }), String(m))),
        q.button('minutes', t('prep.time.all', { n: duration }), String(duration)),
        q.button('skip', t('button.skip')),
      ),
    );
  },
  answer(turn, { input, text, word }) {
    if (word === 'skip') return turn.next(turn.skipped());
    const max = turn.data.session.durationMinutes;
    // As the set-up reads a duration ("30", "half an hour", "1 uur"), and the last button's words: "all", "alles".
    const typed = ALL_OF_IT.test(text.trim().replace(/[.!]+$/, '')) ? max : (parseMinutes(text) ?? NaN);
    const minutes = input.type === 'action' && input.action === 'minutes' ? Number(input.args[0]) : typed;
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > max) {
      return turn.again(turn.ctx.t('prep.time.again', { max }));
    }
    return turn.next({ ...turn.prep, desiredMinutes: minutes });
  },
};
