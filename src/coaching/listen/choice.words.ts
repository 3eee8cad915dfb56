/**
 * A choice the bot offered, said in a sentence instead of the button's word: "let's prepare", "can we prepare?",
 * "laten we voorbereiden" to "Would you like to prepare it?"; "send it to Robin", "ja, stuur het maar door" to
 * "Send to Robin | Change". Read only where the bot is waiting for that choice (the caller knows), never as a command
 * anywhere else: "I want to send the report to my team earlier" stays an answer to whatever was asked.
 *
 * A sentence says the choice when it names it (a verb of the choice, in English or Dutch) and every other word is
 * one that can stand around it: a lead-in ("ok", "ja"), a helper ("let's", "can we", "laten we", "je mag"), what it
 * is about ("it", "my preparation", "naar Robin"), a softener ("now", "please", "maar", "thanks"). Any other word —
 * "not", "later", "niet", "team" — and the sentence is not read as the choice, so nothing is guessed at.
 */
import { normaliseAnswer } from './status.words.js';

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

/** Words that may stand around any choice: lead-ins, politeness, thanks, small softeners. */
const AROUND = [
  'ok okay oké okee oke yes yeah yep yup sure right alright fine great good perfect cool well so then and oh ah',
  'please pls thanks thank you cheers now just',
  'ja jawel jazeker jep prima goed top mooi fijn nou dus dan oh graag zeker maar even wel nu hoor bedankt dank je',
  'dankjewel dankje',
].join(' ');

/** The words of a sentence, or none when it has none. */
const tokens = (text: string): string[] => normaliseAnswer(text).split(' ').filter(Boolean);

/** True when the sentence names the choice (`core`) and every word is one that may stand around it. */
function says(text: string, core: RegExp, allowed: ReadonlySet<string>, extra: ReadonlySet<string> = new Set()) {
  const all = tokens(text);
  if (all.length === 0 || !core.test(all.join(' '))) return false;
  return all.every((w) => allowed.has(w) || extra.has(w));
}

const PREPARE_CORE =
  /\b(prepare|preparing|prep|preparation|start|begin|started|voorbereiden|voorbereiding|bereiden|bereid|beginnen|starten|slag)\b/;
const PREPARE_WORDS = words(
  `${AROUND}
  let's lets let us can could shall should may we i i'd i'll would will like love to want go going ahead get getting
  it this that the my our some conversation session meeting talk together do happy ready time for right away continue
  carry on now today
  prepare preparing prep preparation start begin started
  laten zullen kunnen kan wil willen ga gaan ik we wij het dit de mijn ons gesprek samen meteen direct doen doe
  aan slag met verder vandaag
  voorbereiden voorbereiding bereiden bereid beginnen starten`,
);

/**
 * "Let's prepare", "can we prepare?", "ok, let's prepare now", "laten we voorbereiden", "ja, voorbereiden maar",
 * "verder met voorbereiden": yes to the invitation to prepare. "Let's prepare later" is no yes (see `saysLater`).
 */
export const saysPrepare = (text: string): boolean => says(text, PREPARE_CORE, PREPARE_WORDS);

/**
 * The same, naming the preparation itself ("let's prepare", "laten we voorbereiden"; not "let's start"): what
 * `prepare` means when nothing is open, as the bot's "I'm not sure what you mean … or *prepare*" offers.
 */
export const namesPreparation = (text: string): boolean =>
  says(text, /\b(prepare|preparing|prep|preparation|voorbereiden|voorbereiding|bereiden|bereid)\b/, PREPARE_WORDS);

const LATER_CORE =
  /\b(later|straks|tomorrow|morgen|tonight|vanavond|not now|niet nu|not today|niet vandaag|another (time|day)|some other time|(een )?andere (keer|dag))\b/;
const LATER_WORDS = words(
  `${AROUND} no nope nee liever rather maybe perhaps misschien
  let's lets let us can could shall we i i'd i'll would will like to do it this that prepare preparing prep
  some other another time day not today tonight tomorrow later in the afternoon evening morning this week
  laten zullen kunnen kan wil ik we het dit dat doen doe voorbereiden een andere keer dag niet vandaag vanavond
  vanmiddag morgen straks later deze week in de middag avond ochtend`,
);

/** "Maybe later", "not now", "liever morgen", "laten we dat later doen": not now, to the invitation to prepare. */
export const saysLater = (text: string): boolean => says(text, LATER_CORE, LATER_WORDS);

const SEND_CORE =
  /\b(send|submit|share|forward|stuur|sturen|verstuur|versturen|doorsturen|opsturen|verzend|verzenden|deel|delen)\b/;
const SEND_WORDS = words(
  `${AROUND}
  let's lets let us can could you i i'd would like to want go ahead and it this that them my the preparation agenda
  answers on over along through off to with coach him her
  send submit share forward
  je mag kun kan wil ik het dit deze hem m door op naar aan mijn de coach haar ze
  stuur sturen verstuur versturen doorsturen opsturen verzend verzenden deel delen`,
);

/**
 * "Send it to Robin", "please send it", "ok send it to my coach", "stuur maar naar Robin", "ja, stuur het door": the
 * preparation sent to the coach (`coach`: their name, which may be said too). "Send it to my team" is not.
 */
export const saysSend = (text: string, coach: string): boolean =>
  says(text, SEND_CORE, SEND_WORDS, new Set(tokens(coach)));

const CHANGE_CORE = /\b(change|edit|adjust|wijzig|wijzigen|aanpassen|veranderen|pas)\b/;
const CHANGE_WORDS = words(
  `${AROUND}
  let's lets let me us can could i i'd would like to want first still something a bit few things it this that
  change edit adjust
  ik wil nog iets eerst wat het dit even aan pas wijzig wijzigen aanpassen veranderen kan kun`,
);

/** "I'd like to change something first", "ik wil nog iets aanpassen": change the preparation before it is sent. */
export const saysChange = (text: string): boolean => says(text, CHANGE_CORE, CHANGE_WORDS);
