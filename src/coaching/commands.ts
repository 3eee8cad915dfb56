/**
 * Typed commands in English and Dutch. A command is recognised only when the whole message is the command
 * (optionally with an argument), so an answer like "help my team plan" is never mistaken for "help".
 */
export type CommandName =
  | 'help'
  | 'cancel'
  | 'restart'
  | 'start'
  | 'coach'
  | 'join'
  | 'prepare'
  | 'agenda'
  | 'agreements'
  | 'next'
  | 'move'
  | 'history'
  | 'settings'
  | 'home'
  | 'end'
  | 'done'
  | 'skip'
  | 'mydata'
  | 'forget'
  | 'hello'
  | 'thanks';

const words: Record<CommandName, readonly string[]> = {
  help: ['help', 'hulp', 'menu', '?', 'commands', "commando's"],
  cancel: ['cancel', 'stop', 'annuleer', 'annuleren', 'later', 'pause', 'pauze'],
  restart: ['restart', 'start over', 'opnieuw', 'opnieuw beginnen', 'reset'],
  start: ['start', 'new trajectory', 'begin', 'nieuw traject', 'start traject', 'start trajectory'],
  coach: ['coach someone', 'coach iemand', 'invite coachee', 'coachee uitnodigen'],
  join: ['join', 'doe mee', 'meedoen', 'code'],
  prepare: ['prepare', 'preparation', 'voorbereiden', 'voorbereiding'],
  agenda: ['agenda', 'digest', 'overzicht'],
  agreements: ['agreements', 'afspraken', 'my agreements', 'mijn afspraken'],
  next: ['next session', 'next', 'volgend gesprek', 'volgende', 'volgende sessie'],
  move: [
    'move',
    'reschedule',
    'verzet',
    'verzetten',
    'verplaats',
    'verplaatsen',
    'gesprek verzetten',
    'gesprek verplaatsen',
  ],
  history: ['history', 'geschiedenis', 'historie'],
  settings: ['settings', 'instellingen', 'preferences', 'voorkeuren'],
  home: ['home', 'status', 'dashboard'],
  end: [
    'end trajectory',
    'stop trajectory',
    'end coaching',
    'traject beëindigen',
    'beëindig traject',
    'traject stoppen',
    'stop traject',
  ],
  done: ['done', 'klaar', "that's all", 'dat was het', 'finished', 'ready', 'nothing else', 'niets meer'],
  mydata: ['my data', 'mijn gegevens', 'export my data', 'mijn gegevens exporteren', 'download my data'],
  forget: [
    'delete my data',
    'verwijder mijn gegevens',
    'remove my data',
    'erase my data',
    'mijn gegevens verwijderen',
    'wis mijn gegevens',
  ],
  hello: [
    'hi',
    'hello',
    'hey',
    'hi there',
    'hello there',
    'good morning',
    'good afternoon',
    'good evening',
    'hallo',
    'hoi',
    'hey hoi',
    'goedemorgen',
    'goedemiddag',
    'goedenavond',
  ],
  thanks: [
    'thanks',
    'thank you',
    'thanks a lot',
    'thx',
    'cheers',
    'bedankt',
    'dank je',
    'dank je wel',
    'dankjewel',
    'dank u',
    'dank u wel',
    'dankuwel',
    'merci',
  ],
  skip: ['skip', 'overslaan', 'sla over', 'pass', 'next question', 'volgende vraag'],
};

export interface ParsedCommand {
  readonly name: CommandName;
  readonly args: string;
}

/** Recognises a command at the start of a message: the command words, then optionally an argument. */
export function parseCommand(text: string): ParsedCommand | null {
  const clean = text.trim().replace(/^\//, '').replace(/\s+/g, ' ');
  const lower = withoutTrailingEmoji(clean.toLowerCase()).replace(/[.!]+$/, '');
  let best: ParsedCommand | null = null;
  let bestLength = 0;
  for (const [name, list] of Object.entries(words) as [CommandName, readonly string[]][]) {
    for (const word of list) {
      if (lower === word || (takesArgs(name) && lower.startsWith(`${word} `))) {
        if (word.length > bestLength) {
          best = { name, args: clean.slice(word.length).trim() };
          bestLength = word.length;
        }
      }
    }
  }
  return best;
}

/** "thanks 🙏", "hi :wave:", "hoi!! 😊": the emoji or Slack shortcode at the end is not part of the command. */
function withoutTrailingEmoji(text: string): string {
  return text.replace(
    /(?:[\s,]*(?:(?:\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D)+|:[a-z0-9_+-]+:))+$/u,
    '',
  );
}

function takesArgs(name: CommandName): boolean {
  return name === 'join' || name === 'settings' || name === 'coach' || name === 'agenda' || name === 'move';
}
