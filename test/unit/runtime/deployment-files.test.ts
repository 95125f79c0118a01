import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { loadConfig } from '../../../src/config/load-config';
import { envSchema } from '../../../src/config/env-schema';
import { MAIN_JS } from '../../helpers/spawn-leadloop';

/**
 * The Dockerfile and compose.yaml cannot be built here (no Docker daemon in CI): what can be checked is checked.
 * The image runs the command the tests run; every variable compose sets is one leadloop reads, with a value it
 * accepts; every path the image copies exists.
 */
const ROOT = path.resolve(__dirname, '../../..');
const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

interface Service {
  image?: string;
  command?: string;
  environment?: Record<string, string>;
  depends_on?: unknown;
}
const compose = yaml.load(fs.readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8')) as { services: Record<string, Service> };
const leadloops = Object.entries(compose.services).filter(([, s]) => s.image === 'leadloop:local');

describe('Dockerfile', () => {
  it('is multi-stage, installs production dependencies only, and runs as a non-root user', () => {
    expect(instructions.filter((l) => l.startsWith('FROM '))).toHaveLength(2);
    const lastFrom = instructions.map((l, i) => (l.startsWith('FROM ') ? i : -1)).reduce((a, b) => Math.max(a, b));
    const runStage = instructions.slice(lastFrom);
    expect(runStage.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(runStage.filter((l) => l.startsWith('USER '))).toEqual(['USER node']);
  });

  it('starts the command the tests start, and checks /readyz', () => {
    const cmd = JSON.parse(instructions.find((l) => l.startsWith('CMD '))!.slice(4)) as string[];
    expect(cmd).toEqual(['node', path.relative(ROOT, MAIN_JS)]);
    expect(instructions.find((l) => l.startsWith('HEALTHCHECK '))).toMatch(/\/readyz/);
  });

  it('copies only paths that exist', () => {
    const copied = instructions.filter((l) => l.startsWith('COPY ') && !l.includes('--from=')).flatMap((l) => l.slice(5).trim().split(/\s+/).slice(0, -1));
    expect(copied.filter((p) => !fs.existsSync(path.join(ROOT, p)))).toEqual([]);
  });
});

describe('compose.yaml', () => {
  it('runs two web and two worker processes on one PostgreSQL, behind a proxy to the web ones', () => {
    const roles = leadloops.map(([, s]) => s.environment?.LEADLOOP_ROLE).sort();
    expect(roles).toEqual(['web', 'web', 'worker', 'worker']);
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    const webs = leadloops.filter(([, s]) => s.environment?.LEADLOOP_ROLE === 'web').map(([name]) => name);
    for (const web of webs) expect(compose.services.proxy?.command).toContain(`--to ${web}:3000`);
  });

  it.each(leadloops.map(([name, s]) => [name, s]))('%s sets only variables leadloop reads, with values it accepts', (_name, service) => {
    const env = Object.fromEntries(Object.entries((service as Service).environment ?? {}).map(([k, v]) => [k, String(v).replace(/\$\{(\w+):-([^}]*)\}/g, '$2')]));
    const known = Object.keys(envSchema.shape);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    const config = loadConfig(env);
    expect(config.databaseUrl).toMatch(/^postgres:\/\/leadloop:leadloop@postgres:5432\/leadloop$/);
  });
});
