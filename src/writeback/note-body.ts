import { engagementMarker } from '../crm/engagement-marker';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The reference written into each note: how leadloop recognises its own note after a crash. */
export const noteMarker = (key: string) => engagementMarker(key);

/** The explanation as HubSpot note HTML, with the reference as a small last line. */
export function noteBody(explanation: string, key: string): string {
  const paragraphs = explanation.split('\n\n').map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `${paragraphs.join('')}<p><small>${noteMarker(key)}</small></p>`;
}
