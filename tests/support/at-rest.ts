/**
 * Reads every document of every collection straight from MongoDB (the driver, not our models or repositories) and
 * reports which typed phrases appear anywhere in them. Encryption at rest means: none.
 */
import type { Connection } from 'mongoose';
import { expect } from 'vitest';

export async function phrasesAtRest(connection: Connection, phrases: readonly string[]): Promise<string[]> {
  const db = connection.getClient().db(connection.name);
  const found = new Set<string>();
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) {
      const text = JSON.stringify(doc).toLowerCase();
      for (const phrase of phrases) if (text.includes(phrase.toLowerCase())) found.add(`${name}: ${phrase}`);
    }
  }
  return [...found];
}

export async function expectSealedAtRest(connection: Connection, phrases: readonly string[]): Promise<void> {
  expect(phrases.length).toBeGreaterThan(0);
  expect(await phrasesAtRest(connection, phrases)).toEqual([]);
}
