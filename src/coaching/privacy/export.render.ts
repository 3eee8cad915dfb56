/**
 * The export of everything held about a person: a Markdown file to read and a JSON file with the same content as
 * data. A coachee's export holds their whole trajectories; a coach's holds what is theirs or shared (goal, dates,
 * agreements, their own evaluations), not the coachee's preparation answers or evaluation comments.
 */
import type { FileAttachment } from '../../core/reply.js';
import type { Translate } from '../../i18n/index.js';
import type { Locale, Preparation, Session } from '../model.js';
import { formatDate, formatInstant } from '../time.js';
import type { HeldTrajectory, PersonalRecord } from './personal-data.model.js';

const prepLists = ['successes', 'improvements', 'support', 'topics'] as const;
const prepTexts = ['goal', 'report', 'reportFollowUp', 'coachFeedback'] as const;

/** What of a session the person may take along: the coach does not get the coachee's answers. */
function visibleSession(held: HeldTrajectory, s: Session) {
  const { preparation: _preparation, evaluations, evaluationSkipped, notes: _notes, ...rest } = s;
  if (held.role === 'employee') return s;
  const own = visibleNotes(held, s);
  return {
    ...rest,
    evaluations: evaluations.coach ? { coach: evaluations.coach } : {},
    ...(evaluationSkipped?.coach ? { evaluationSkipped: { coach: evaluationSkipped.coach } } : {}),
    ...(own.length ? { notes: own } : {}),
  };
}

/** The notes on a conversation the person may take along: all of them for the coachee, their own for the coach. */
const visibleNotes = (held: HeldTrajectory, s: Session) =>
  (s.notes ?? []).filter((n) => held.role === 'employee' || n.role === 'coach');

export function exportData(record: PersonalRecord, now: Date): Record<string, unknown> {
  const { person } = record;
  return {
    exportedAt: now.toISOString(),
    person: { ...person, identities: person.identities.map(({ address: _address, ...i }) => i) },
    trajectories: record.trajectories.map((held) => ({
      ...held.trajectory,
      role: held.role,
      ...(held.otherName ? { other: held.otherName } : {}),
      sessions: held.sessions.map((s) => visibleSession(held, s)),
      agreements: held.agreements,
    })),
    messages: { planned: record.planned, delivered: record.delivered },
    webChatMessages: record.webChat,
  };
}

function preparationLines(p: Preparation, t: Translate): string[] {
  const lines: string[] = [];
  for (const key of prepTexts) {
    const value = p[key];
    if (value) lines.push(`- **${t(`privacy.export.prep.${key}`)}:** ${value}`);
  }
  for (const key of prepLists) {
    if (p[key].length) lines.push(`- **${t(`privacy.export.prep.${key}`)}:** ${p[key].join('; ')}`);
  }
  if (p.agreementReview.length) {
    const review = p.agreementReview.map((r) => `${r.what} (${r.status}${r.note ? `: ${r.note}` : ''})`).join('; ');
    lines.push(`- **${t('privacy.export.prep.review')}:** ${review}`);
  }
  return lines;
}

function trajectoryLines(held: HeldTrajectory, t: Translate, locale: Locale, tz: string): string[] {
  const { trajectory } = held;
  const other = held.otherName ?? '—';
  const lines = [
    `## ${t('privacy.export.trajectory', { goal: trajectory.goal })}`,
    '',
    t(held.role === 'employee' ? 'privacy.export.asEmployee' : 'privacy.export.asCoach', { other }),
    t('privacy.export.status', { status: trajectory.status, when: formatInstant(trajectory.createdAt, tz, locale) }),
    '',
  ];
  for (const s of held.sessions) {
    lines.push(
      `### ${t('privacy.export.session', { number: s.number, when: formatInstant(s.startsAt, tz, locale), status: s.status })}`,
    );
    if (held.role === 'employee') lines.push(...preparationLines(s.preparation, t));
    for (const role of ['employee', 'coach'] as const) {
      const e = s.evaluations[role];
      if (e && (held.role === 'employee' || role === 'coach')) {
        const params = { role: t(`privacy.role.${role}`), rating: e.rating ?? '–', comment: e.comment };
        lines.push(`- ${t('privacy.export.evaluation', params)}`);
      }
    }
    for (const n of visibleNotes(held, s)) {
      const params = { role: t(`privacy.role.${n.role}`), when: formatInstant(n.at, tz, locale), note: n.text };
      lines.push(`- ${t('privacy.export.sessionNote', params)}`);
    }
    lines.push('');
  }
  if (held.agreements.length) {
    lines.push(`### ${t('privacy.export.agreements')}`);
    for (const a of held.agreements) {
      const owner = t(`privacy.role.${a.owner}`);
      lines.push(
        `- ${t('privacy.export.agreement', { owner, what: a.what, due: formatDate(a.due, locale), status: a.status })}`,
      );
      for (const h of a.history.filter((x) => x.note)) {
        lines.push(`  - ${t('privacy.export.note', { when: formatInstant(h.at, tz, locale), note: h.note ?? '' })}`);
      }
    }
    lines.push('');
  }
  return lines;
}

export function exportMarkdown(record: PersonalRecord, t: Translate, locale: Locale, now: Date): string {
  const { person } = record;
  const tz = person.timeZone;
  const lines = [
    `# ${t('privacy.export.title', { name: person.displayName })}`,
    '',
    t('privacy.export.exportedAt', { when: formatInstant(now, tz, locale) }),
    '',
    `## ${t('privacy.export.profile')}`,
    '',
    `- **${t('privacy.export.name')}:** ${person.displayName}`,
    ...(person.email ? [`- **${t('privacy.export.email')}:** ${person.email}`] : []),
    `- **${t('privacy.export.language')}:** ${person.locale}`,
    `- **${t('privacy.export.timeZone')}:** ${person.timeZone}`,
    `- **${t('privacy.export.workingHours')}:** ${person.workingHours.start}–${person.workingHours.end}`,
    `- **${t('privacy.export.accounts')}:** ${person.identities.map((i) => `${i.channel} ${i.userId}`).join(', ')}`,
    '',
  ];
  if (record.trajectories.length === 0) lines.push(t('privacy.export.nothing'), '');
  for (const held of record.trajectories) lines.push(...trajectoryLines(held, t, locale, tz));
  const counts = { planned: record.planned.length, delivered: record.delivered.length, web: record.webChat };
  lines.push(t('privacy.export.messages', counts), '');
  return lines.join('\n');
}

export function exportFiles(record: PersonalRecord, t: Translate, locale: Locale, now: Date): FileAttachment[] {
  const stamp = now.toISOString().slice(0, 10);
  return [
    {
      filename: `my-data-${stamp}.md`,
      mediaType: 'text/markdown; charset=utf-8',
      content: exportMarkdown(record, t, locale, now),
      title: t('privacy.export.title', { name: record.person.displayName }),
    },
    {
      filename: `my-data-${stamp}.json`,
      mediaType: 'application/json',
      content: JSON.stringify(exportData(record, now), null, 2),
    },
  ];
}
