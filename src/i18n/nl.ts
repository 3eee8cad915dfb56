/** Nederlandse catalogus: elke sleutel uit en.ts, in dezelfde positieve, open toon. */
import type { en } from './en.js';

export const nl: Record<keyof typeof en, string> = {
  'help.title': 'Dit kan ik voor je doen',
  'help.body':
    'Ik help je je coachingsgesprekken voor te bereiden, je afspraken bij te houden en het volgende gesprek te plannen. Jij hebt de regie: jij kiest de onderwerpen, ik stel de vragen.',
  'help.commands': 'start – begin een coachingstraject en nodig je coach uit\nvoorbereiden – bereid je volgende gesprek voor\nagenda – (coach) de agenda die je coachee voorbereidde\nafspraken – je afspraken: wie doet wat wanneer\nvolgend gesprek – wanneer jullie elkaar weer spreken\ngeschiedenis – eerdere gesprekken\ninstellingen – taal, tijdzone, werktijden, stille uren, pauze\ndoe mee CODE – sluit aan als coach met een uitnodigingscode\nstop – stop waar we mee bezig zijn (je antwoorden blijven bewaard)',
  'help.button.start': 'Start een traject',
  'help.button.prepare': 'Voorbereiden',
  'help.button.agreements': 'Afspraken',
  'help.button.settings': 'Instellingen',

  'unknown.idle': 'Ik weet niet zeker wat je bedoelt. Typ *hulp* om te zien wat ik kan, of *voorbereiden* om je volgende gesprek voor te bereiden.',
  'unknown.step': 'Dat heb ik niet helemaal begrepen. {hint}',
  'error.generic': 'Sorry, er ging aan mijn kant iets mis. Er is niets veranderd; probeer het zo nog eens.',
  'error.busy': 'Het is even druk bij mij. Probeer het zo nog eens; er is niets verloren gegaan.',
  'cancel.nothing': 'Er was niets om te stoppen. Typ *hulp* om te zien wat ik kan.',
  'cancel.done': 'Prima, we stoppen hier. Er is niets verloren gegaan.',
  'restart.done': 'Prima, we beginnen opnieuw.',
  'stale.button': 'Die knop hoort bij een eerder bericht. Hier zijn we nu:',
  'input.empty': 'Het lijkt erop dat dat bericht leeg was. Wil je een paar woorden schrijven?',
  'input.tooLong': 'Dat is wat lang voor mij ({length} tekens). Lukt het in minder dan {max}? Een korte versie is prima.',
};
