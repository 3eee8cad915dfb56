/**
 * De hele coachingscyclus in het Nederlands, als één script tegen MongoDB (tests/integration/coaching.cycle.nl.test.ts)
 * en in het geheugen (tests/unit/coaching.memory.nl.test.ts), dit keer op initiatief van de coach: opzet → akkoord →
 * voorbereiding (met overslaan, pauzeren/hervatten en wijzigen) → agenda → gesprek gehouden → afspraken (één
 * voorgesteld door de coach en geaccepteerd, één met een datum in gewone taal) → volgend gesprek → beide evaluaties;
 * daarna een tweede voorbereiding die de eerdere afspraken en de toezeggingen van de coach bespreekt.
 * Begint maandag 7 december 2026, 10:00 in Amsterdam.
 */
import { expect } from 'vitest';
import { renderPlainText } from '../../../src/core/reply.js';
import { expectPositiveWording, type ScriptedUser } from '../scripted-client.js';
import type { CycleHarness } from './harness.js';

export const NL_CYCLE_START = '2026-12-07T09:00:00Z';

export async function dutchCycle(h: CycleHarness): Promise<{ noor: ScriptedUser; jan: ScriptedUser }> {
  const noor = h.user('noor', { displayName: 'Noor', email: 'noor@voorbeeld.nl', locale: 'nl-NL' });
  const jan = h.user('jan', { displayName: 'Jan', email: 'jan@voorbeeld.nl', locale: 'nl-NL' });
  await noor.send('hulp').expectReply(/Dit kan ik voor je doen/);

  // De coach start het traject; de medewerker accepteert.
  await jan.send('coach iemand').expectReply(/Wie wil je coachen/);
  await jan.send('noor@voorbeeld.nl').expectReply(/Naar welk doel wil Noor toewerken/);
  await jan.send('Rustiger leidinggeven in drukke weken').expectReply(/Hoe vaak/);
  await jan.send('elke 3 weken').expectReply(/eerste gesprek/);
  await jan.send('volgende week donderdag om 10:00').expectReply(/Hoe lang/);
  await jan.send('45').expectReply(/Zal ik de uitnodiging versturen/);
  await jan.press('Verstuur de uitnodiging').expectReply(/Uitnodiging verstuurd naar Noor/);
  await h.deliverDue();
  await noor
    .expectReply(/Jan wil je graag coachen/)
    .press('Accepteren')
    .expectReply(/Jan is nu je coach.*donderdag 17 december 2026 om 10:00/);
  await h.deliverDue();
  await jan.expectReply(/Noor heeft ja gezegd/);

  // Een eerste voorbereiding: wie wat ziet, de kennismaking (hoe Noor leert, een uitdaging, een haalbare eerste
  // stap, elkaar op de hoogte houden), met overslaan, pauze en wijzigen; niets over "de vorige keer".
  await noor
    .send('voorbereiden')
    .expectReply(/Laten we je eerste gesprek met Jan/)
    .expectReply(/zien alleen jij en Jan, en Jan ziet het pas als je je voorbereiding verstuurt/)
    .expectReply(/Wat wil je uit de coaching met Jan halen/);
  await noor.press('Overslaan').expectReply(/Hoe leer jij het beste/);
  await noor.send('Door het te doen en erover te praten').expectReply(/mooie uitdaging/);
  await noor
    .send('Een teamoverleg zelf leiden')
    .expectReply(/haalbare eerste stap zijn richting “Rustiger leidinggeven/);
  await noor.press('Overslaan').expectReply(/Hoe en hoe vaak willen jullie elkaar/);
  await noor.send('Elke vrijdag een kort berichtje').expectReply(/Waar sta je nu, op weg naar dit doel/);
  await noor
    .send('Drukke weken gehad. Ik heb twee keer op tijd gedelegeerd.')
    .expectReply(
      /Als ik het samenvat: wat je deed: “Drukke weken gehad. Ik heb twee keer op tijd gedelegeerd.” Wat concludeer je hieruit, in één zin\?/,
    );
  await noor
    .send('Delegeren geeft me rust')
    .expectReply(/Jouw conclusie: “Delegeren geeft me rust”/)
    .expectReply(/Wat valt je hier zelf het meest aan op\?/);
  await noor.press('Niets toe te voegen').expectReply(/Wat ging er de laatste tijd goed voor je/);
  await noor.send('Planning op tijd rond').expectReply(/Wat ging er nog meer goed/);
  await noor.send('stop').expectReply(/Gepauzeerd/);
  await noor
    .send('voorbereiden')
    .expectReply(/Welkom terug/)
    .expectReply(/Wat ging er nog meer goed/);
  await noor.send('klaar').expectReply(/Wat zou nog beter kunnen/); // nog geen eerdere toezeggingen van Jan
  await noor.send('Vaker nee zeggen').expectReply(/Wat zou er nog meer beter kunnen/);
  await noor.send('klaar').expectReply(/Waarbij wil je graag steun van Jan/);
  await noor.send('Oefenen met lastige gesprekken').expectReply(/Waarbij zou Jan je nog meer kunnen steunen/);
  await noor.send('klaar').expectReply(/Welke onderwerpen/);
  await noor.send('Teamoverleg korter maken').expectReply(/Welk onderwerp wil je nog meer/);
  await noor.press('Gebruik deze als onderwerpen').expectReply(/Welk onderwerp wil je nog meer/);
  await noor.send('klaar').expectReply(/In welke volgorde/);
  await noor.send('3 1 2').expectReply(/Hoeveel daarvan wil je/);
  await noor.send('40').expectReply(/Je voorbereiding voor donderdag 17 december 2026 om 10:00/);
  await noor
    .press('Wijzigen')
    .expectReply((_r, text) => /Kennismaking/.test(text) && !/Eerdere afspraken|Feedback voor de coach/.test(text))
    .press('Doel')
    .expectReply(/Wat wil je uit de coaching met Jan halen/);
  await noor.send('Een plan voor drukke weken').expectReply(/Je voorbereiding voor/);
  await noor.press('Stuur naar Jan').expectReply(/Verstuurd naar Jan/);
  expect(noor.transcript.map(renderPlainText).join('\n')).not.toMatch(/vorige keer|vorige gesprek|sinds we elkaar/);

  await h.deliverDue();
  await jan.expectReply(
    (_r, text) =>
      /Agenda voor je gesprek met Noor/.test(text) &&
      /Oefenen met lastige gesprekken/.test(text) &&
      /geef Noor er een compliment voor/.test(text) &&
      /Hoe zou je “Vaker nee zeggen” kunnen aanpakken\?/.test(text) &&
      /Kennismaking/.test(text) &&
      /Leert het beste: Door het te doen en erover te praten/.test(text),
  );

  // Na het gesprek: de vraag of het plaatsvond komt vanzelf, een kwartier na afloop.
  h.clock.set('2026-12-17T09:50:00Z');
  await h.deliverDue();
  await noor.expectNoReply(/Heeft het plaatsgevonden/);
  await h.advance(20 * 60_000);
  await noor.expectReply(/Heeft het plaatsgevonden/);
  await noor.press('Ja, het vond plaats').expectReply(/Wat ga je zelf doen\? Eerst jouw eigen oplossing/);
  await h.deliverDue();
  await jan
    .expectReply(/Noor gaf aan dat jullie gesprek heeft plaatsgevonden\. Laten we het samen afronden: je afspraken/)
    .expectNoReply(/Fijn dat jullie gesprek/)
    .expectReply(/Wat stelde Noor zelf voor/);

  // Eerst Noors eigen oplossing (Jan schrijft hem op, Noor accepteert), daarna pas de steun van de coach.
  await jan.expectNoReply(/Maak #1 mijn afspraak/);
  await jan.press('Afspraak toevoegen').expectReply(/Wat wordt er precies gedaan/);
  await jan.send('Elke vrijdag de planning van volgende week maken').expectReply(/Wanneer/);
  await jan.send('vrijdag').expectReply(/uiterlijk vrijdag 18 december 2026/);
  await jan
    .press('Ja')
    .expectReply(/Ik heb Noor gevraagd de afspraak te accepteren/)
    .expectReply(/Maak #1 mijn afspraak/);
  await h.deliverDue();
  await noor
    .expectReply(
      /Jan doet je een voorstel voor een afspraak: “Elke vrijdag de planning van volgende week maken”, uiterlijk vrijdag 18 december 2026. Wil je dit oppakken/,
    )
    .press('Accepteren')
    .expectReply(/Geaccepteerd/)
    .expectReply(/Hoe haalbaar is dit voor vrijdag 18 december 2026\?/);
  await noor
    .press('Haalbaar')
    .expectReply(
      /^Genoteerd: je vindt “Elke vrijdag de planning van volgende week maken” haalbaar voor vrijdag 18 december 2026\.$/,
    );
  await h.deliverDue();
  await jan.expectReply(
    /Noor heeft de afspraak “Elke vrijdag de planning van volgende week maken” \(uiterlijk vrijdag 18 december 2026\) geaccepteerd\./,
  );

  // De coach zet een steunwens om in een eigen afspraak.
  await jan.press('Maak #1 mijn afspraak').expectReply(/Wanneer/);
  await jan
    .send('over twee weken')
    .expectReply(
      /Even checken: jij pakt “Oefenen met lastige gesprekken” op, uiterlijk donderdag 31 december 2026\. Klopt dat/,
    );
  await jan
    .press('Ja')
    .expectReply(/Afgesproken: jij pakt “Oefenen met lastige gesprekken” op/)
    .expectReply(/Hoe haalbaar is dit voor donderdag 31 december 2026\?/);
  await jan.send('Goed te doen').expectReply(/Genoteerd: “Goed te doen”/);

  // Noor legt een eigen afspraak vast via het formulier, met een datum in gewone taal.
  await noor.press('Formulier gebruiken').expectReply(/Nieuwe afspraak/);
  await noor
    .submit({ owner: 'employee', what: 'Twee keer nee zeggen tegen extra werk', due: '30 februari' })
    .expectReply(
      (r) => r.blocks?.some((b) => b.kind === 'form' && /bestaat niet/.test(b.form.errors?.due ?? '')) ?? false,
    );
  await noor
    .submit({ owner: 'employee', what: 'Twee keer nee zeggen tegen extra werk', due: 'eind van de maand' })
    .expectReply(
      /Afgesproken: jij pakt “Twee keer nee zeggen tegen extra werk” op, uiterlijk donderdag 31 december 2026\./,
    )
    .expectReply(/Hoe haalbaar is dit voor donderdag 31 december 2026\?/);
  await noor.send('Spannend, maar het lukt wel').expectReply(/Genoteerd: “Spannend, maar het lukt wel”/);
  await noor.send('klaar').expectReply(/Volgens jullie ritme wordt dat donderdag 7 januari 2027 om 10:00/);
  await noor.press('Andere datum').expectReply(/Wanneer willen jullie elkaar weer spreken/);
  await noor.send('2027-01-08 11:00').expectReply(/Even checken: vrijdag 8 januari 2027 om 11:00/);
  await noor
    .press('Ja')
    .expectReply(/volgende gesprek staat gepland op vrijdag 8 januari 2027 om 11:00/)
    .expectReply(/Hoe waardevol/);
  await noor
    .send('4')
    .expectReply(/Hoe heb je dit gesprek ervaren – en wat zou het volgende gesprek nog waardevoller maken/);
  await noor.send('Meer tijd voor oefenen').expectReply(/Ik heb je antwoord met Jan gedeeld/);
  await h.deliverDue();
  // Jan ziet Noors evaluatie meteen, zonder eerst zelf te antwoorden.
  await jan.expectReply((_r, text) => /Noor heeft teruggekeken/.test(text) && /Meer tijd voor oefenen/.test(text));
  await jan.send('klaar').expectReply(/staat gepland op vrijdag 8 januari 2027 om 11:00/);
  await jan
    .press('Prima')
    .press('5')
    .send('Noor kwam goed voorbereid')
    .expectReply(/Ik heb je antwoord met Noor gedeeld/);
  await h.deliverDue();
  await noor.expectReply((_r, text) => /Dit zei Jan/.test(text) && /Noor kwam goed voorbereid/.test(text));

  // De tweede voorbereiding bespreekt de eerdere afspraken en wat de coach op zich nam.
  h.clock.set('2027-01-04T09:00:00Z');
  await noor.send('voorbereiden').expectReply(/vrijdag 8 januari 2027 om 11:00/);
  await noor.send('Verder bouwen op de nieuwe planning').expectReply(/Hoe ging de afgelopen periode/); // geen kennismaking meer
  await noor.press('Overslaan').expectReply(/Wat ging er goed/);
  await noor
    .send('Vrijdagplanning werkt')
    .press('Dat was het')
    .expectReply(/Vorige keer sprak je af: “Elke vrijdag de planning van volgende week maken”/);
  await noor.press('Gedaan').expectReply(/Goed gedaan/);
  await noor
    .send('Scheelt veel stress')
    .expectReply(/Vorige keer sprak je af: “Twee keer nee zeggen tegen extra werk”/);
  await noor.press('Nog niet begonnen').expectReply(/daar valt vaak juist iets van te leren/);
  await noor
    .press('Niets toe te voegen')
    .expectReply((_r, text) => /steun van Jan/.test(text) && /Oefenen met lastige gesprekken/.test(text));
  await noor.send('Fijn dat Jan meedacht over de planning').expectReply(/Wat zou nog beter kunnen/);

  const noorId = (await noor.person()).id;
  const [trajectory] = await h.trajectories.listForPerson(noorId);
  expect(trajectory).toMatchObject({
    proposedBy: 'coach',
    status: 'active',
    cadenceDays: 21,
    durationMinutes: 45,
    goal: 'Rustiger leidinggeven in drukke weken',
  });
  const [first, second] = await h.sessions.listForTrajectory(trajectory!.id);
  expect(first!.preparation).toMatchObject({
    goal: 'Een plan voor drukke weken',
    report: 'Drukke weken gehad. Ik heb twee keer op tijd gedelegeerd.',
    conclusion: 'Delegeren geeft me rust',
    successes: ['Planning op tijd rond'],
    intake: {
      learning: 'Door het te doen en erover te praten',
      challenge: 'Een teamoverleg zelf leiden',
      keepInformed: 'Elke vrijdag een kort berichtje',
    },
    improvements: ['Vaker nee zeggen'],
    support: ['Oefenen met lastige gesprekken'],
    topics: ['Oefenen met lastige gesprekken', 'Teamoverleg korter maken', 'Vaker nee zeggen'],
    desiredMinutes: 40,
  });
  expect(first!.preparation.reportFollowUp).toBeUndefined();
  expect(first!.preparation.coachFeedback).toBeUndefined();
  expect(second!.preparation.coachFeedback).toBe('Fijn dat Jan meedacht over de planning');
  expect(first!.evaluations).toMatchObject({
    employee: { rating: 4, comment: 'Meer tijd voor oefenen' },
    coach: { rating: 5, comment: 'Noor kwam goed voorbereid' },
  });
  expect(second!.startsAt.toISOString()).toBe('2027-01-08T10:00:00.000Z');
  expect(second!.preparation.agreementReview).toEqual([
    {
      agreementId: expect.any(String),
      what: 'Elke vrijdag de planning van volgende week maken',
      status: 'done',
      note: 'Scheelt veel stress',
    },
    { agreementId: expect.any(String), what: 'Twee keer nee zeggen tegen extra werk', status: 'not_yet' },
  ]);
  const agreements = await h.agreements.listForTrajectory(trajectory!.id);
  expect(agreements.filter((a) => a.fromSupportWish).map((a) => a.what)).toEqual(['Oefenen met lastige gesprekken']);
  // Listed by date; two on the same date and made at the same (fixed) moment may come in either order.
  expect(agreements.map((a) => a.due)).toEqual(['2026-12-18', '2026-12-31', '2026-12-31']);
  const rows = agreements.map((a) => [a.owner, a.what, a.due, a.status, a.history.map((x) => x.change).join('>')]);
  expect(rows).toHaveLength(3);
  expect(rows).toEqual(
    expect.arrayContaining([
      [
        'employee',
        'Elke vrijdag de planning van volgende week maken',
        '2026-12-18',
        'done',
        'created>accepted>note>done>note',
      ],
      ['coach', 'Oefenen met lastige gesprekken', '2026-12-31', 'open', 'created>note'],
      ['employee', 'Twee keer nee zeggen tegen extra werk', '2026-12-31', 'open', 'created>note'],
    ]),
  );
  // Everything the bot said in this cycle, rendered as a person reads it, avoids the model's negative words.
  expectPositiveWording(noor, jan);
  return { noor, jan };
}
