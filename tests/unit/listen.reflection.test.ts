/** Listen, summarise, ask further: the parts named, the conclusion asked for when missing, the follow-up chosen. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import {
  conclusionOf,
  oneSentence,
  questionText,
  reflect,
  sentences,
  shorten,
  summaryText,
} from '../../src/coaching/listen/reflection.rules.js';

const en = translator('en');
const nl = translator('nl');

describe('reflect (English)', () => {
  it('names what they did, noticed and concluded, and follows up on the success in the conclusion', () => {
    const r = reflect(
      'I gave two short demos. I noticed I rush the intro. So I learned that practising out loud makes it go better.',
    );
    expect(r.parts.did).toEqual(['I gave two short demos.']);
    expect(r.parts.noticed).toEqual(['I noticed I rush the intro.']);
    expect(r.parts.concluded).toEqual(['So I learned that practising out loud makes it go better.']);
    expect(r.askConclusion).toBe(false);
    expect(r.followUp).toBe('worked');
    const text = summaryText(r, en);
    expect(text).toContain('what you did: “I gave two short demos.”');
    expect(text).toContain('what you noticed: “I noticed I rush the intro.”');
    expect(text).toContain('what you concluded: “So I learned');
    expect(questionText(r, en)).toMatch(/What made that work\?/);
  });

  it('asks for the conclusion in one sentence when none was given', () => {
    const r = reflect('I gave two short demos. The second one went much smoother.');
    expect(r.askConclusion).toBe(true);
    expect(r.parts.concluded).toEqual([]);
    expect(questionText(r, en)).toMatch(/conclu.*one sentence/i);
    // Once the conclusion is in, the chosen follow-up comes: here the success.
    expect(questionText(r, en, true)).toMatch(/“The second one went much smoother”\. What made that work/);
  });

  it('asks what would help when a difficulty is named and no success', () => {
    const r = reflect('I prepared the planning. It was hard to get everyone together.');
    expect(r.followUp).toBe('help');
    expect(r.about).toBe('It was hard to get everyone together.');
    expect(questionText(r, en, true)).toMatch(/What would help you with that\?/);
  });

  it('reads a negated success as a difficulty: "can\'t see progress" is not a success', () => {
    const r = reflect(
      "I tried handing over one task but I took it back after two days because it was going slowly. I noticed I get nervous when I can't see progress.",
    );
    expect(r.followUp).toBe('help');
    expect(r.about).toBe(
      'I tried handing over one task but I took it back after two days because it was going slowly.',
    );
    expect(reflect('The meeting did not go well.').followUp).toBe('help');
    expect(reflect('Het overleg ging niet goed.').followUp).toBe('help');
    expect(reflect('Ik zie geen vooruitgang.').followUp).toBe('help');
    expect(reflect('The talk went well, although I was nervous at the start.').followUp).toBe('worked');
    expect(reflect('Not everything was easy, but the demo went well.').followUp).toBe('worked');
  });

  it('asks what stands out when neither a success nor a difficulty is named', () => {
    const r = reflect('I had three meetings with the team.');
    expect(r.followUp).toBe('standsOut');
    expect(questionText(r, en, true)).toMatch(/What stands out most/);
  });

  it('gives a different follow-up for a different report (not the same question whatever was said)', () => {
    const a = questionText(reflect('The demo went well. So I conclude preparing pays off.'), en);
    const b = questionText(reflect('The demo was difficult. So next time I start earlier.'), en);
    expect(a).not.toBe(b);
  });
});

describe('reflect (Dutch)', () => {
  it('names the parts and follows up on the difficulty in the conclusion', () => {
    const r = reflect(
      'Ik heb twee demo’s gegeven. Ik merkte dat ik de inleiding afraffel. Dus ik concludeer dat de start nog lastig is.',
    );
    expect(r.parts.did).toHaveLength(1);
    expect(r.parts.noticed).toHaveLength(1);
    expect(r.conclusion).toMatch(/^Dus ik concludeer/);
    expect(r.followUp).toBe('help');
    const text = summaryText(r, nl);
    expect(text).toContain('wat je deed: “Ik heb twee demo’s gegeven.”');
    expect(text).toContain('wat jou opviel: “Ik merkte');
    expect(text).toContain('wat je concludeert: “Dus ik concludeer');
    expect(questionText(r, nl)).toMatch(/Wat zou je daarbij helpen\?/);
  });

  it('asks for the conclusion in one sentence, then what made the success work', () => {
    const r = reflect('Ik heb de planning gemaakt. Het overleg ging goed.');
    expect(questionText(r, nl)).toMatch(/conclu.*één zin/i);
    expect(questionText(r, nl, true)).toMatch(/“Het overleg ging goed”\. Waardoor lukte dat\?/);
  });

  it('asks what stands out otherwise', () => {
    expect(questionText(reflect('Ik had drie overleggen met het team.'), nl, true)).toMatch(
      /Wat valt je hier zelf het meest aan op\?/,
    );
  });
});

describe('text helpers', () => {
  it('split sentences on end marks and line breaks', () => {
    expect(sentences('One. Two!\nThree')).toEqual(['One.', 'Two!', 'Three']);
  });

  it('shortens a long single sentence at a word boundary, never mid-word', () => {
    const long = `I ${'practised presenting again '.repeat(12)}and it helped`;
    const out = shorten(long, 60);
    expect(out.length).toBeLessThanOrEqual(61);
    expect(out.endsWith('…')).toBe(true);
    const lastWord = out.slice(0, -1).split(' ').pop() ?? '';
    expect(long.split(' ')).toContain(lastWord);
  });

  it('keeps the first sentence of a one-sentence answer', () => {
    expect(oneSentence('Practice pays off. And sleep.')).toBe('Practice pays off.');
  });

  it('quotes a conclusion without the label typed before it ("Conclusie: …", "My takeaway - …")', () => {
    const r = reflect(
      'Het overdragen ging beter dan verwacht. Conclusie: loslaten werkt als ik duidelijke afspraken maak.',
    );
    expect(r.conclusion).toBe('Loslaten werkt als ik duidelijke afspraken maak.');
    expect(summaryText(r, nl)).not.toMatch(/Conclusie:/);
    expect(reflect('I handed it over. My takeaway - ask for updates early.').conclusion).toBe('Ask for updates early.');
    expect(conclusionOf('Conclusion: trust helps. And sleep.')).toBe('Trust helps.');
    // Without a colon or dash it is the sentence itself.
    expect(reflect('I tried it. In short, it worked.').conclusion).toBe('In short, it worked.');
  });
});
