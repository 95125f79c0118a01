/**
 * The card on the sandbox's record page. `hubspot.fetch` goes through the sandbox's proxy, which signs it as HubSpot
 * does; the clock is the page's (the browser test fixes it).
 */
import { createRoot } from 'react-dom/client';
import { LeadloopCardView, type CardFetch } from '../../../src/card/leadloop-card-view';

const hubspotFetch: CardFetch = async (url, options) => {
  const res = await fetch('/harness/fetch', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url, ...options }) });
  if (!res.ok) throw new Error(((await res.json()) as { error: string }).error);
  const answer = (await res.json()) as { status: number; body: unknown };
  return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => answer.body };
};

const root = document.getElementById('card')!;
createRoot(root).render(<LeadloopCardView contactId={root.dataset.contactId!} baseUrl={root.dataset.leadloopUrl!} fetch={hubspotFetch} now={Date.now} tickMs={30_000} />);
