/** Nederlandse teksten voor iemands rechten op eigen gegevens: inzien (`mijn gegevens`) en verwijderen. */
import type { privacyEn } from './privacy.en.js';

export const privacyNl: Record<keyof typeof privacyEn, string> = {
  'privacy.export.intro':
    'Hier is alles wat ik over jou bewaar: een leesbaar bestand (Markdown) en hetzelfde als gegevens (JSON). Wat je in een traject deelde, ziet de ander in dat traject ook.',
  'privacy.export.title': 'Alles wat de coachingsassistent over {name} bewaart',
  'privacy.export.exportedAt': 'Opgevraagd op {when}.',
  'privacy.export.profile': 'Profiel',
  'privacy.export.name': 'Naam',
  'privacy.export.email': 'E-mail',
  'privacy.export.language': 'Taal',
  'privacy.export.timeZone': 'Tijdzone',
  'privacy.export.workingHours': 'Werktijden',
  'privacy.export.accounts': 'Accounts',
  'privacy.export.trajectory': 'Coachingstraject: {goal}',
  'privacy.export.asEmployee': 'Jij bent de coachee; je coach is {other}.',
  'privacy.export.asCoach': 'Jij bent de coach van {other}.',
  'privacy.export.status': 'Status: {status}. Begonnen op {when}.',
  'privacy.export.session': 'Gesprek {number}: {when} ({status})',
  'privacy.export.prep.goal': 'Doel van dit gesprek',
  'privacy.export.prep.report': 'Hoe het ervoor staat',
  'privacy.export.prep.reportFollowUp': 'Doorvraag',
  'privacy.export.prep.successes': 'Wat ging er goed',
  'privacy.export.prep.improvements': 'Wat kan nog beter',
  'privacy.export.prep.support': 'Gewenste steun',
  'privacy.export.prep.topics': 'Onderwerpen',
  'privacy.export.prep.coachFeedback': 'Feedback voor de coach',
  'privacy.export.prep.review': 'Eerdere afspraken',
  'privacy.export.evaluation': 'Evaluatie door de {role}: {rating}/5. {comment}',
  'privacy.export.agreements': 'Afspraken',
  'privacy.export.agreement': '{owner}: {what} (uiterlijk {due}, {status})',
  'privacy.export.note': 'notitie van {when}: {note}',
  'privacy.export.sessionNote': 'Notitie van de {role} op {when}: {note}',
  'privacy.export.nothing': 'Nog geen coachingstraject.',
  'privacy.export.messages':
    'Berichten van mij: {planned} gepland, {delivered} in het logboek. Webchat-geschiedenis: {web} berichten.',
  'privacy.role.employee': 'coachee',
  'privacy.role.coach': 'coach',
  'privacy.erase.confirm':
    'Zal ik al je gegevens verwijderen? Dit haalt voorgoed weg: je profiel en instellingen, {trajectories} coachingstrajecten met hun {sessions} gesprekken, voorbereidingen, evaluaties en {agreements} afspraken, ook wat je met de ander deelde (die hoort dat het traject is beëindigd), je geplande berichten en je chatgeschiedenis met mij. Tip: typ eerst *mijn gegevens* om een kopie te bewaren.',
  'privacy.erase.yes': 'Ja, verwijder alles',
  'privacy.erase.no': 'Bewaar mijn gegevens',
  'privacy.erase.kept': 'Goed – alles blijft zoals het was.',
  'privacy.erase.done': 'Klaar: je gegevens zijn verwijderd. Schrijf je me opnieuw, dan beginnen we fris.',
  'privacy.erase.notice':
    'Je coachingstraject als {role}, begonnen op {when}, is beëindigd: de ander heeft gevraagd zijn of haar gegevens te verwijderen, dus wat jullie deelden is weggehaald. Typ *start* wanneer je een nieuw traject wilt beginnen.',
};
