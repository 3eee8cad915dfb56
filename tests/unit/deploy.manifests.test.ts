/**
 * The Kubernetes manifests in deploy/kubernetes, checked as far as a machine without a cluster allows: every file
 * parses as YAML, and the invariants that make them work together hold (labels and selectors, probes on the bot's
 * real endpoints, ports, the Secret's keys being variables the bot reads, a grace period longer than the bot's own
 * stop, three replicas with a disruption budget below that, a replica set as the database). Server-side validation
 * (`kubectl apply --dry-run=server -k deploy/kubernetes`) needs a cluster and is the next step on one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { envSchema } from '../../src/config.js';

const dir = new URL('../../deploy/kubernetes/', import.meta.url);
/** A parsed YAML document, read through `at` (no casts to any). */
type Doc = unknown;
/** The value at a path of keys and indexes, or undefined. */
const at = (doc: Doc, ...path: (string | number)[]): Doc =>
  path.reduce<Doc>(
    (value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, Doc>)[key] : undefined),
    doc,
  );
const list = (doc: Doc, ...path: (string | number)[]): Doc[] => {
  const value = at(doc, ...path);
  return Array.isArray(value) ? value : [];
};
const str = (doc: Doc, ...path: (string | number)[]): string => String(at(doc, ...path));

const kustomization: Doc = parseAllDocuments(readFileSync(new URL('kustomization.yaml', dir), 'utf8'))[0]?.toJS();
const resources = list(kustomization, 'resources').map(String);
/** secret.yaml is the operator's filled-in copy (git-ignored); the example stands in for it here. */
const fileOf = (name: string) => (name === 'secret.yaml' ? 'secret.example.yaml' : name);
const docs: Doc[] = resources.flatMap((name) => {
  const parsed = parseAllDocuments(readFileSync(new URL(fileOf(name), dir), 'utf8'));
  for (const d of parsed) expect(d.errors, name).toEqual([]);
  return parsed.map((d): Doc => d.toJS());
});
const find = (kind: string, name?: string): Doc => {
  const doc = docs.find((d) => at(d, 'kind') === kind && (!name || at(d, 'metadata', 'name') === name));
  if (!doc) throw new Error(`no ${kind} ${name ?? ''}`);
  return doc;
};
const variables = new Set(Object.keys(envSchema.shape));

describe('deploy/kubernetes', () => {
  const deployment = find('Deployment');
  const pod = at(deployment, 'spec', 'template');
  const bot = at(pod, 'spec', 'containers', 0);
  const env = Object.fromEntries(list(bot, 'env').map((e) => [str(e, 'name'), at(e, 'value')]));
  const secretName = str(bot, 'envFrom', 0, 'secretRef', 'name');

  it('lists only files that exist, each parsing as YAML with apiVersion, kind and a name', () => {
    for (const name of resources) expect(existsSync(new URL(fileOf(name), dir)), name).toBe(true);
    for (const doc of docs) {
      expect(at(doc, 'apiVersion')).toBeTruthy();
      expect(at(doc, 'kind')).toBeTruthy();
      expect(str(doc, 'metadata', 'name')).toMatch(/^[a-z0-9-]+$/);
    }
    expect(docs.map((d) => str(d, 'kind')).sort()).toEqual(
      [
        'Deployment',
        'Ingress',
        'MongoDBCommunity',
        'Namespace',
        'PodDisruptionBudget',
        'Secret',
        'Secret',
        'Service',
      ].sort(),
    );
  });

  it('runs three replicas, ready on /readyz and alive on /healthz, on the port the bot listens on', () => {
    expect(at(deployment, 'spec', 'replicas')).toBe(3);
    expect(at(deployment, 'spec', 'selector', 'matchLabels')).toEqual(at(pod, 'metadata', 'labels'));
    expect(at(bot, 'readinessProbe', 'httpGet')).toEqual({ path: '/readyz', port: 'http' });
    expect(at(bot, 'livenessProbe', 'httpGet')).toEqual({ path: '/healthz', port: 'http' });
    expect(at(bot, 'ports')).toEqual([{ name: 'http', containerPort: Number(env.PORT) }]);
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0' });
    for (const name of Object.keys(env)) expect(variables.has(name), name).toBe(true);
  });

  it('stops within the grace period, as the image user, with resource requests', () => {
    expect(Number(at(pod, 'spec', 'terminationGracePeriodSeconds'))).toBeGreaterThan(Number(env.STOP_GRACE_SECONDS));
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^USER node$/m); // uid 1000 in node images
    expect(at(pod, 'spec', 'securityContext')).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(at(bot, 'resources', 'requests')).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(at(bot, 'resources', 'limits', 'memory')).toBeTruthy();
  });

  it('takes its secrets from a Secret whose keys are variables the bot reads, production ones included', () => {
    const keys = Object.keys(at(find('Secret', secretName), 'stringData') ?? {});
    expect(keys.filter((k) => !variables.has(k))).toEqual([]);
    expect(keys).toEqual(expect.arrayContaining(['MONGODB_URI', 'ENCRYPTION_KEY']));
  });

  it('keeps two of three up through a disruption, and the Service and Ingress reach the pods', () => {
    const pdb = find('PodDisruptionBudget');
    expect(at(pdb, 'spec', 'selector', 'matchLabels')).toEqual(at(pod, 'metadata', 'labels'));
    expect(Number(at(pdb, 'spec', 'minAvailable'))).toBeLessThan(Number(at(deployment, 'spec', 'replicas')));
    expect(Number(at(pdb, 'spec', 'minAvailable'))).toBeGreaterThanOrEqual(2);
    const service = find('Service');
    expect(at(service, 'spec', 'selector')).toEqual(at(pod, 'metadata', 'labels'));
    expect(at(service, 'spec', 'ports', 0, 'targetPort')).toBe('http');
    const paths = list(find('Ingress'), 'spec', 'rules', 0, 'http', 'paths').map((p) => {
      expect(at(p, 'backend', 'service')).toEqual({ name: str(service, 'metadata', 'name'), port: { name: 'http' } });
      return at(p, 'path');
    });
    expect(paths).toEqual(['/slack/', '/api/messages']);
  });

  it('uses a three-member MongoDB replica set, and the connection string names it', () => {
    const mongo = find('MongoDBCommunity');
    expect(at(mongo, 'spec')).toMatchObject({ members: 3, type: 'ReplicaSet' });
    const uri = str(find('Secret', secretName), 'stringData', 'MONGODB_URI');
    expect(uri).toContain(`replicaSet=${str(mongo, 'metadata', 'name')}`);
  });
});
