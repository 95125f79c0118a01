import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { z } from 'zod';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist/cli/leadloop.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'manifest', ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

// HubSpot's app card reference, written from the docs (not from leadloop's code): uid, type, and config with
// name, location, entrypoint and objectTypes required; `location` one of the documented extension points.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/app-cards/reference
const documentedCard = z
  .object({
    uid: z.string().min(1),
    type: z.literal('card'),
    config: z
      .object({
        name: z.string().min(1),
        description: z.string().optional(),
        location: z.enum(['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar']),
        entrypoint: z.string().regex(/^\/app\/cards\/[^/]+\.(jsx|tsx)$/),
        objectTypes: z.array(z.enum(['contacts', 'companies', 'deals', 'tickets'])).min(1),
      })
      .strict(),
  })
  .strict();

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('leadloop manifest --project: the contact card', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-project-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a card that the documented schema accepts, on contact records, whose entry point exists', () => {
    const out = run('--project', dir, '--public-url', 'https://leads.example.com');
    expect(out.status).toBe(0);
    const srcDir = path.join(dir, String(readJson(path.join(dir, 'hsproject.json')).srcDir));
    const card = documentedCard.parse(readJson(path.join(srcDir, 'app/cards/leadloop-card-hsmeta.json')));
    expect(card.config).toMatchObject({ location: 'crm.record.tab', objectTypes: ['contacts'] });
    expect(fs.existsSync(path.join(srcDir, card.config.entrypoint))).toBe(true);
    // Every component's uid is its own.
    const metas = ['app/app-hsmeta.json', 'app/webhooks/webhooks-hsmeta.json', 'app/cards/leadloop-card-hsmeta.json'].map((f) => readJson(path.join(srcDir, f)).uid);
    expect(new Set(metas).size).toBe(3);
  });

  it("registers PUBLIC_URL as a fetch URL, and the card's package.json pins what the card's tests run against", () => {
    const app = readJson(path.join(dir, 'src/app/app-hsmeta.json')) as { config: { permittedUrls: { fetch: string[] } } };
    expect(app.config.permittedUrls.fetch).toContain('https://leads.example.com');
    const cardsPackage = readJson(path.join(dir, 'src/app/cards/package.json')) as { dependencies: Record<string, string> };
    const root = readJson(path.join(ROOT, 'package.json')) as { devDependencies: Record<string, string> };
    expect(cardsPackage.dependencies).toEqual({ '@hubspot/ui-extensions': root.devDependencies['@hubspot/ui-extensions'], react: root.devDependencies.react });
  });

  it('bundles as a project of its own (every import resolves), calling PUBLIC_URL', async () => {
    const result = await build({ entryPoints: [path.join(dir, 'src/app/cards/leadloop-card.tsx')], bundle: true, write: false, jsx: 'automatic', format: 'esm', nodePaths: [path.join(ROOT, 'node_modules')], logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).toContain('"https://leads.example.com"');
  });

  it('leaves an http or localhost PUBLIC_URL out of the fetch URLs (HubSpot refuses them) and says so', () => {
    const local = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-project-'));
    const out = run('--project', local, '--public-url', 'http://localhost:3000');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/https PUBLIC_URL/);
    const app = readJson(path.join(local, 'src/app/app-hsmeta.json')) as { config: { permittedUrls: { fetch: string[] } } };
    expect(app.config.permittedUrls.fetch).not.toContain('http://localhost:3000');
    fs.rmSync(local, { recursive: true, force: true });
  });

  it('--dry-run lists the card files and writes nothing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-project-'));
    const out = run('--project', empty, '--public-url', 'https://leads.example.com', '--dry-run');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`would write ${path.join(empty, 'src/app/cards/leadloop-card.tsx')}`);
    expect(fs.readdirSync(empty)).toEqual([]);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
