/**
 * Property-based input for the channel edges: take a realistic payload and put a value of the wrong type somewhere
 * in it (any depth), or drop a field. fast-check draws the templates, the places and the values from a fixed seed, so
 * a failure names a payload that can be replayed.
 */
import { Agent, request } from 'node:http';
import fc from 'fast-check';

type Json = unknown;

/** Every path into a JSON value (object keys and array indexes), the root excluded. */
export function pathsOf(value: Json, prefix: readonly (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      out.push(...pathsOf(v, [...prefix, i]));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      out.push(...pathsOf(v, [...prefix, k]));
    }
  }
  return out;
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value of some JSON type, drawn widely: numbers, strings, booleans, null, arrays, objects, nested. */
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string({ maxLength: 10 })), { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

export interface Mutation {
  readonly path: readonly (string | number)[];
  /** undefined: the field is removed. */
  readonly value: Json;
}

function setAt(root: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const i = Number(head);
    if (value === undefined && rest.length === 0) copy.splice(i, 1);
    else copy[i] = setAt(copy[i], rest, value);
    return copy;
  }
  if (typeof root === 'object' && root !== null) {
    const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
    const key = String(head);
    if (value === undefined && rest.length === 0) delete copy[key];
    else copy[key] = setAt(copy[key], rest, value);
    return copy;
  }
  return root;
}

function getAt(root: Json, path: readonly (string | number)[]): Json {
  let at: unknown = root;
  for (const p of path)
    at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[String(p)] : undefined;
  return at;
}

/**
 * A template with 1–3 mutations: each puts a value of another type at one of its paths (or removes the field, or
 * replaces the whole payload now and then).
 */
export function mutated<T extends { readonly name: string; readonly payload: Json }>(
  templates: readonly T[],
): fc.Arbitrary<{ template: T; payload: Json; mutations: Mutation[] }> {
  return fc.constantFrom(...templates).chain((template) => {
    const paths = pathsOf(template.payload);
    const one: fc.Arbitrary<Mutation> = fc.oneof(
      { weight: 12, arbitrary: fc.tuple(fc.constantFrom(...paths), anyJson).map(([path, value]) => ({ path, value })) },
      { weight: 3, arbitrary: fc.constantFrom(...paths).map((path) => ({ path, value: undefined })) },
      { weight: 1, arbitrary: anyJson.map((value) => ({ path: [], value })) },
    );
    return fc.array(one, { minLength: 1, maxLength: 3 }).map((all) => {
      // Keep only mutations that change the type (or remove): the point is wrong types, not other valid values.
      const mutations = all.filter(
        (m) => m.value === undefined || kind(m.value) !== kind(getAt(template.payload, m.path)),
      );
      const payload = mutations.reduce<Json>((acc, m) => setAt(acc, m.path, m.value), template.payload);
      return { template, payload, mutations };
    });
  });
}

/** Runs `send` over every sample, `width` at a time; returns the samples whose answer fails `ok`. */
export async function inBatches<S, R>(
  samples: readonly S[],
  width: number,
  send: (sample: S) => Promise<R>,
  ok: (result: R) => boolean,
): Promise<{ sample: S; result: R }[]> {
  const failures: { sample: S; result: R }[] = [];
  for (let i = 0; i < samples.length; i += width) {
    const batch = samples.slice(i, i + width);
    const results = await Promise.all(batch.map(send));
    results.forEach((result, j) => {
      const sample = batch[j];
      if (!ok(result) && sample !== undefined) failures.push({ sample, result });
    });
  }
  return failures;
}

/**
 * A keep-alive HTTP client for many small requests to the server under test (fetch through nock's interceptors costs
 * about twice as much per request).
 */
export function rawClient(baseUrl: string, width: number) {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: width });
  return {
    post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
      return new Promise((resolve, reject) => {
        const req = request(
          { host: url.hostname, port: Number(url.port), method: 'POST', path, agent, headers },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
