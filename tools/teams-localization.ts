/**
 * The Teams package's translations (`localizationInfo`): each additional language file is checked against the
 * manifest before it goes into the zip — only keys Teams lets us translate, every one of them present (so a Dutch
 * user never sees half an English menu), and Teams' length limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const LOCALIZATION_SCHEMA =
  'https://developer.microsoft.com/json-schemas/teams/v1.21/MicrosoftTeams.Localization.schema.json';

const localizationInfo = z.object({
  defaultLanguageTag: z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/i),
  additionalLanguages: z
    .array(
      z.object({ languageTag: z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/i), file: z.string().regex(/^[\w-]+\.json$/) }),
    )
    .nonempty(),
});

interface Command {
  readonly title: string;
  readonly description: string;
}

/** Every key the manifest has that a language file must translate, with Teams' maximum length. */
export function translatableKeys(manifest: Record<string, unknown>): Map<string, number> {
  const keys = new Map<string, number>([
    ['name.short', 30],
    ['name.full', 100],
    ['description.short', 80],
    ['description.full', 4000],
  ]);
  const bots = (manifest.bots ?? []) as { commandLists?: { commands: Command[] }[] }[];
  bots.forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      list.commands.forEach((_command, c) => {
        keys.set(`bots[${b}].commandLists[${l}].commands[${c}].title`, 32);
        keys.set(`bots[${b}].commandLists[${l}].commands[${c}].description`, 128);
      }),
    ),
  );
  return keys;
}

/** Checks one language file against the manifest; returns its problems (none: it is complete and fits). */
export function localizationProblems(manifest: Record<string, unknown>, strings: Record<string, unknown>): string[] {
  const keys = translatableKeys(manifest);
  const problems: string[] = [];
  if (strings.$schema !== LOCALIZATION_SCHEMA) problems.push(`$schema must be ${LOCALIZATION_SCHEMA}`);
  for (const [key, max] of keys) {
    const value = strings[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${key}: not translated`);
    else if ([...value].length > max) problems.push(`${key}: longer than ${max} characters`);
  }
  for (const key of Object.keys(strings))
    if (key !== '$schema' && !keys.has(key)) problems.push(`${key}: not a key of this manifest`);
  return problems;
}

/** The language files the manifest names, checked, as zip entries. Throws with every problem listed. */
export function localizationFiles(manifest: Record<string, unknown>, dir: string): { name: string; data: Buffer }[] {
  if (manifest.localizationInfo === undefined) return [];
  const info = localizationInfo.parse(manifest.localizationInfo);
  return info.additionalLanguages.map(({ languageTag, file }) => {
    const data = readFileSync(join(dir, file));
    const problems = localizationProblems(manifest, JSON.parse(data.toString('utf8')) as Record<string, unknown>);
    if (problems.length)
      throw new Error(`${file} (${languageTag}) is not ready:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return { name: file, data };
  });
}
