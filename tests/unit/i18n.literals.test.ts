/**
 * Every user-facing string lives in the catalogues. This walks the source (not the catalogues) with the TypeScript
 * parser and fails on a word-bearing string literal given to a property a person reads: a reply's `text`, a
 * button's `label`, a list's `title`, a field's `placeholder` or `hint`, a card's `fallback`. Operator-facing text
 * (configuration problems, logs, HTTP errors for the dev clock) is not a person's conversation and is left out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const USER_FACING = new Set([
  'text',
  'label',
  'title',
  'placeholder',
  'hint',
  'alt_text',
  'fallback',
  'subtitle',
  'items',
]);
/** Operators through which a literal still reaches the person: `a + b`, `a ?? b`, `a || b`. */
const PASSING = new Set([ts.SyntaxKind.PlusToken, ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken]);
/** Catalogues themselves, and operator-facing files. The web page's own catalogue is en + nl like the main one. */
const EXEMPT = [/^src\/i18n\//, /^src\/channels\/web\/web\.i18n\.ts$/, /^src\/config\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Literal words in a string or template (Slack emoji codes like `:warning:` are not words a person reads), also when
 * hidden in either branch of a `?:`, either side of a `+` or `??`/`||`, or an element of an array (a list's items).
 */
function words(node: ts.Expression): string | null {
  if (ts.isParenthesizedExpression(node)) return words(node.expression);
  if (ts.isConditionalExpression(node)) return words(node.whenTrue) ?? words(node.whenFalse);
  if (ts.isBinaryExpression(node) && PASSING.has(node.operatorToken.kind)) return words(node.left) ?? words(node.right);
  if (ts.isArrayLiteralExpression(node))
    return node.elements.reduce<string | null>((found, e) => found ?? (ts.isExpression(e) ? words(e) : null), null);
  let text: string | null = null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
  else if (ts.isTemplateExpression(node))
    text = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  if (text === null) return null;
  const stripped = text.replace(/:[a-z_]+:/g, '');
  return /\p{L}{2,}/u.test(stripped) ? text : null;
}

export function userFacingLiterals(fileName: string, source: string): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && USER_FACING.has(node.name.getText(sf))) {
      const literal = words(node.initializer);
      if (literal !== null) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${fileName}:${line} ${node.name.getText(sf)}: ${JSON.stringify(literal).slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('user-facing strings', () => {
  it('are never written as literals outside the catalogues', () => {
    const offenders = files('src')
      .map((f) => f.replace(/\\/g, '/'))
      .filter((f) => !EXEMPT.some((re) => re.test(f)))
      .flatMap((f) => userFacingLiterals(f, readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the check catches a literal reply, button or template (so it cannot pass vacuously)', () => {
    const planted = [
      "const a = { text: 'Sorry, something went awry' };",
      "const b = { label: 'Done', action: 'x' };",
      'const c = { text: `Hello ${name}, welcome` };',
      "const d = { text: done ? t('x') : 'Not yet, sorry' };",
      "const e = { text: t('x') + ' and more words' };",
      "const f = { title: name ?? 'Untitled list' };",
      "const g = { items: [t('a'), 'A literal item'] };",
    ].join('\n');
    expect(userFacingLiterals('planted.ts', planted)).toHaveLength(7);
    expect(
      userFacingLiterals('ok.ts', "const d = { text: t('help.title'), label: `${n}/5`, x: ':warning: ' };"),
    ).toEqual([]);
  });
});
