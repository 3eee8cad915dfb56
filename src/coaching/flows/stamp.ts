/**
 * Stamps on a flow's frame: every step-bound button carries the stamp of the question it belongs to, so a press from
 * an older message is recognised as stale.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Decided } from '../flow.js';

/**
 * A question asked again (same flow, step and values, e.g. after an unclear answer) keeps its stamp, so the buttons
 * of the earlier message asking the same thing stay valid. A new step, or the same step about something else (the
 * next agreement to review), gets a new stamp and older buttons become stale.
 */
export function keepStamp(state: DialogFrame, decision: Decided): Decided {
  const next = decision.frame;
  if (next.flow === null || next.flow !== state.flow || next.step !== state.step) return decision;
  const { stamp: oldStamp, ...oldValues } = state.values;
  const { stamp: newStamp, ...newValues } = next.values;
  if (oldStamp === undefined || newStamp === oldStamp || !sameValues(oldValues, newValues)) return decision;
  const from = `${next.flow}|${next.step}|${String(newStamp)}|`;
  const to = `${next.flow}|${next.step}|${String(oldStamp)}|`;
  const restamp = (value: string) => (value.startsWith(from) ? to + value.slice(from.length) : value);
  const replies = decision.replies.map((r) => ({
    ...r,
    ...(r.blocks
      ? {
          blocks: r.blocks.map((b) =>
            b.kind === 'buttons'
              ? {
                  ...b,
                  buttons: b.buttons.map((x) => ({
                    ...x,
                    ...(x.value !== undefined ? { value: restamp(x.value) } : {}),
                  })),
                }
              : b,
          ),
        }
      : {}),
  }));
  return { ...decision, frame: { ...next, values: { ...next.values, stamp: oldStamp } }, replies };
}

/** The same values, whatever the order of their keys (values read back through a schema may come in its order). */
function sameValues(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const canonical = (v: Readonly<Record<string, unknown>>) =>
    JSON.stringify(
      Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([x], [y]) => x.localeCompare(y)),
      ),
    );
  return canonical(a) === canonical(b);
}
