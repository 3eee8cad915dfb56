/**
 * The web page's own words (its chrome: headings, labels, time controls). The coaching content comes from the
 * engine, already in the person's language; these follow the page's language toggle, which also sets the demo
 * people's locale so both stay in one language.
 */
import type { Locale } from '../../coaching/model.js';

const en = {
  title: 'Coaching assistant – web chat',
  intro:
    'Try the whole coaching cycle here, without Slack or Teams. You play both people: write as Sam on the left and as Robin on the right.',
  demoBadge: 'Demo data',
  demoNotice: 'Sam and Robin are example people created on this computer for trying things out.',
  panelTitle: 'Demo: {name} ({role})',
  employee: 'employee',
  coach: 'coach',
  chatLabel: 'Conversation of {name} with the coaching assistant',
  messageLabel: 'Message from {name}',
  messagePlaceholder: 'Type a message, e.g. help or start',
  send: 'Send',
  you: '{name}',
  bot: 'Coaching assistant',
  scheduled: 'scheduled',
  timeHeading: 'Time',
  clockNow: 'Clock',
  plusHour: '+1 hour',
  plusDay: '+1 day',
  toNext: 'To the next scheduled message',
  clockMoved: 'The clock now says {time}.',
  nothingScheduled: 'Nothing is scheduled yet.',
  clockUnavailable: 'The development clock is not available (set DEV_CLOCK=true, never in production).',
  language: 'Language',
  newMessage: 'New message for {name}: {text}',
  required: 'required',
  choose: 'Choose…',
  offline: 'The server cannot be reached. Is it still running?',
  empty: 'The chat is empty. Type help to see what the assistant can do.',
  skip: 'Skip to {name}',
} as const;

export type UiKey = keyof typeof en;
export type UiStrings = Record<UiKey, string>;

const nl: UiStrings = {
  title: 'Coachingsassistent – webchat',
  intro:
    'Probeer hier de hele coachingscyclus, zonder Slack of Teams. Je speelt beide personen: schrijf links als Sam en rechts als Robin.',
  demoBadge: 'Demogegevens',
  demoNotice: 'Sam en Robin zijn voorbeeldpersonen die op deze computer zijn aangemaakt om dingen uit te proberen.',
  panelTitle: 'Demo: {name} ({role})',
  employee: 'medewerker',
  coach: 'coach',
  chatLabel: 'Gesprek van {name} met de coachingsassistent',
  messageLabel: 'Bericht van {name}',
  messagePlaceholder: 'Typ een bericht, bijv. hulp of start',
  send: 'Verstuur',
  you: '{name}',
  bot: 'Coachingsassistent',
  scheduled: 'gepland',
  timeHeading: 'Tijd',
  clockNow: 'Klok',
  plusHour: '+1 uur',
  plusDay: '+1 dag',
  toNext: 'Naar het volgende geplande bericht',
  clockMoved: 'De klok staat nu op {time}.',
  nothingScheduled: 'Er staat nog niets gepland.',
  clockUnavailable: 'De ontwikkelklok is niet beschikbaar (zet DEV_CLOCK=true, nooit in productie).',
  language: 'Taal',
  newMessage: 'Nieuw bericht voor {name}: {text}',
  required: 'verplicht',
  choose: 'Kies…',
  offline: 'De server is niet bereikbaar. Draait hij nog?',
  empty: 'De chat is leeg. Typ hulp om te zien wat de assistent kan.',
  skip: 'Ga naar {name}',
};

export const uiCatalogues: Record<Locale, UiStrings> = { en, nl };

export function ui(locale: Locale, key: UiKey, params: Readonly<Record<string, string>> = {}): string {
  return uiCatalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
