/** The preparation's list questions: successes, what could go even better, support, topics, and their order. */
import type { Block } from '../../../core/reply.js';
import type { Preparation } from '../../model.js';
import { addUnique, orderBy, parseOrder, splitItems } from '../text.js';
import { buttons, type PrepStepDef, type PrepTurn, type Question } from './turn.js';

type ListKey = 'successes' | 'improvements' | 'support' | 'topics';

const numbered = (items: readonly string[], title: string): Block[] =>
  items.length ? [{ kind: 'list', title, items, ordered: true }] : [];

/** What the employee could put on the agenda: what could go better and where they want support. */
export function suggestedTopics(prep: Preparation): string[] {
  return [...prep.improvements, ...prep.support];
}

/** Adding items, one per line; `done` moves on, `clear` starts the list over (when editing). */
function answerList(key: ListKey, turn: PrepTurn, word: string | undefined, text: string) {
  const { prep, ctx } = turn;
  if (word === 'clear') return turn.move(turn.step, { ...prep, [key]: [] }, [{ text: ctx.t('prep.cleared') }]);
  if (word === 'skip') return turn.next(prep[key].length ? null : turn.skipped());
  if (word === 'done') return turn.next(null);
  if (word === 'undo' && prep[key].length === 0) return turn.move(turn.step, null);
  const removing = word === 'undo' ? prep[key].length - 1 : itemToRemove(prep[key], text);
  if (removing === 'missing') return turn.again(ctx.t('prep.item.notOnList', { n: prep[key].length }));
  if (removing !== undefined) {
    const item = prep[key][removing]!;
    const rest = prep[key].filter((_, i) => i !== removing);
    return turn.move(turn.step, { ...prep, [key]: rest }, [{ text: ctx.t('prep.item.removed', { item }) }]);
  }
  const items = splitItems(text);
  if (items.length === 0) return turn.again(ctx.t('prep.again'));
  const added = ctx.t(key === 'successes' ? 'prep.success.added' : 'prep.item.added', { count: items.length });
  return turn.move(turn.step, turn.answered({ [key]: addUnique(prep[key], items) }), [{ text: added }]);
}

/**
 * "remove 2", "verwijder laatste", "delete Pausing between slides", "haal 3 weg", "take 'Asking for help' off the
 * list": which item to take off the list, `missing` when the number or words are not on it. Only a number, "last" or
 * an item's exact words (quotes allowed) count after "remove", so an item that starts with "remove" ("Remove blockers
 * for the team") is still added; "haal … weg" and "take … off" are never an item.
 */
function itemToRemove(list: readonly string[], text: string): number | 'missing' | undefined {
  if (list.length === 0) return undefined;
  const said = text.trim().replace(/[.!]+$/, '');
  const verb = said.match(
    /^(?:please |graag )?(?:remove|delete|drop|scrap|cross out|verwijder|schrap|haal weg)[:\s]+(.+)$/i,
  );
  // Dutch splits the verb around what goes ("haal 3 weg", "haal ‘X’ maar weg"); English: "take 2 off (the list)".
  const split = verb
    ? null
    : (said.match(/^haal\s+(.+?)\s+(?:maar |even |toch )?weg$/i) ?? said.match(/^take\s+(.+?)\s+off(?: the list)?$/i));
  const what = unquoted((verb ?? split)?.[1]?.trim().toLowerCase() ?? '');
  if (!what) return undefined;
  const numberOrLast = what.match(
    /^(?:(?:the|de|het) )?(?:(?:number|nummer|nr\.?|#|topic|onderwerp|item|punt)\s*)?(\d+|last|last one|laatste)$/,
  );
  if (numberOrLast) {
    const which = numberOrLast[1] ?? '';
    if (!/^\d+$/.test(which)) return list.length - 1;
    return Number(which) >= 1 && Number(which) <= list.length ? Number(which) - 1 : 'missing';
  }
  const words = what.replace(/\s+/g, ' ');
  const index = list.findIndex((item) => item.toLowerCase().replace(/\s+/g, ' ').trim() === words);
  return index >= 0 ? index : split ? 'missing' : undefined;
}

/** 'Asking for help', “Asking for help”, "Asking for help": the words inside the quotes. */
function unquoted(text: string): string {
  const m = text.match(/^['"‘’“”„](.*)['"‘’“”]$/);
  return (m ? m[1]! : text).trim();
}

/** Under a list that has items: how to take one off again ("remove 2"). */
const removeHint = (q: Question, items: readonly string[]): Block[] =>
  items.length ? [{ kind: 'text', text: q.ctx.t('prep.item.removeHint') }] : [];

function listButtons(q: Question, key: ListKey, clearable: boolean): Block {
  const t = q.ctx.t;
  return buttons(
    q.button('done', t('button.thatsAll'), undefined, 'primary'),
    q.button('skip', t('button.skip')),
    ...(clearable && q.values.editing && q.prep[key].length ? [q.button('clear', t('button.clear'))] : []),
  );
}

export const successesStep: PrepStepDef = {
  ask: (q) =>
    q.say(
      q.ctx.t(
        q.prep.successes.length
          ? 'prep.successes.more'
          : q.data.first
            ? 'prep.successes.askFirst'
            : 'prep.successes.ask',
      ),
      ...numbered(q.prep.successes, q.ctx.t('label.successes')),
      ...removeHint(q, q.prep.successes),
      listButtons(q, 'successes', true),
    ),
  answer: (turn, { word, text }) => answerList('successes', turn, word, text),
};

export const improvementsStep: PrepStepDef = {
  ask: (q) =>
    q.say(
      q.prep.improvements.length ? q.ctx.t('prep.improvements.more') : q.ctx.t('prep.improvements.ask'),
      ...numbered(q.prep.improvements, q.ctx.t('label.improvements')),
      ...removeHint(q, q.prep.improvements),
      listButtons(q, 'improvements', true),
    ),
  answer: (turn, { word, text }) => answerList('improvements', turn, word, text),
};

export const supportStep: PrepStepDef = {
  ask: (q) =>
    q.say(
      q.ctx.t(q.prep.support.length ? 'prep.support.more' : 'prep.support.ask', { coach: q.data.coachName }),
      ...numbered(q.prep.support, q.ctx.t('label.support')),
      ...removeHint(q, q.prep.support),
      listButtons(q, 'support', false),
    ),
  answer: (turn, { word, text }) => answerList('support', turn, word, text),
};

export const topicsStep: PrepStepDef = {
  ask(q) {
    const t = q.ctx.t;
    const { prep } = q;
    const suggestions = suggestedTopics(prep).filter(
      (s) => !prep.topics.some((x) => x.toLowerCase() === s.toLowerCase()),
    );
    return q.say(
      prep.topics.length ? t('prep.topics.more') : t('prep.topics.ask'),
      ...numbered(prep.topics, t('label.topics')),
      ...removeHint(q, prep.topics),
      ...(suggestions.length
        ? [{ kind: 'list' as const, title: t('prep.topics.suggestions'), items: suggestions }]
        : []),
      buttons(
        ...(suggestions.length ? [q.button('suggested', t('button.useSuggestions'))] : []),
        q.button('done', t('button.thatsAll'), undefined, 'primary'),
        q.button('skip', t('button.skip')),
      ),
    );
  },
  answer(turn, { word, text }) {
    if (word === 'suggested') {
      const topics = addUnique(turn.prep.topics, suggestedTopics(turn.prep));
      return turn.move('topics', { ...turn.prep, topics });
    }
    return answerList('topics', turn, word, text);
  },
};

/** Putting a list in the employee's own priority: "2 1 3", or keep the order as it is. */
function orderStep(key: 'improvements' | 'topics', question: 'prep.order.ask' | 'prep.topicOrder.ask'): PrepStepDef {
  return {
    ask: (q) =>
      q.say(
        q.ctx.t(question),
        { kind: 'list', items: q.prep[key], ordered: true },
        buttons(q.button('keep', q.ctx.t('button.keepOrder'), undefined, 'primary')),
      ),
    answer(turn, { word, text }) {
      const items = turn.prep[key];
      if (word === 'skip' || word === 'keep' || word === 'done') return turn.next(null);
      const order = parseOrder(text, items.length);
      if (!order) return turn.again(turn.ctx.t('prep.order.again', { n: items.length }));
      return turn.next({ ...turn.prep, [key]: orderBy(items, order) }, [{ text: turn.ctx.t('prep.order.done') }]);
    },
  };
}

export const improvementOrderStep = orderStep('improvements', 'prep.order.ask');
export const topicOrderStep = orderStep('topics', 'prep.topicOrder.ask');
