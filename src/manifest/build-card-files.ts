/**
 * The contact card in a HubSpot project (platform 2025.2+): `src/app/cards/` holds one `*-hsmeta.json` per card,
 * its React entry point and one `package.json` for every card's dependencies.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/app-cards/reference
 */

/** The card's sources (src/card), copied as they are; `leadloop-url.ts` is written with PUBLIC_URL. */
export const CARD_SOURCES = ['card-payload.ts', 'format-card-text.ts', 'hubspot-links.ts', 'leadloop-card-view.tsx', 'leadloop-card.tsx'] as const;

/** What HubSpot's build installs for the card: the versions leadloop's own card tests run against. */
export const CARD_DEPENDENCIES = { '@hubspot/ui-extensions': '^0.17.0', react: '^18.3.1' } as const;

/** HubSpot's `hubspot.fetch` reaches only https URLs that are not localhost. */
export function fetchableUrl(publicUrl: string | undefined): boolean {
  if (!publicUrl) return false;
  const url = new URL(publicUrl);
  return url.protocol === 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1';
}

/**
 * `crm.record.tab`, not the sidebar: the card carries a ledger, an SLA clock and a stage history that need the
 * middle column's width; a rep opens it as a tab beside the activity timeline. Path → content (JSON or text).
 */
export function buildCardFiles(appUid: string, sources: Readonly<Record<string, string>>, publicUrl: string | undefined): Record<string, unknown> {
  const files: Record<string, unknown> = {
    'src/app/cards/leadloop-card-hsmeta.json': {
      uid: `${appUid}-contact-card`,
      type: 'card',
      config: {
        name: 'leadloop',
        description: 'Why this lead is hot and how long is left to call it: score, reasons, SLA clock and stage history, live from leadloop.',
        location: 'crm.record.tab',
        entrypoint: '/app/cards/leadloop-card.tsx',
        objectTypes: ['contacts'],
      },
    },
    'src/app/cards/package.json': { name: `${appUid}-cards`, version: '0.1.0', private: true, dependencies: CARD_DEPENDENCIES },
    'src/app/cards/leadloop-url.ts': `/** leadloop's PUBLIC_URL, written by \`leadloop manifest --project\`. */\nexport const LEADLOOP_URL = ${JSON.stringify(publicUrl ?? 'https://leadloop.example.com')};\n`,
  };
  for (const name of CARD_SOURCES) {
    const text = sources[name];
    if (text === undefined) throw new Error(`card source ${name} is missing`);
    files[`src/app/cards/${name}`] = text;
  }
  return files;
}
