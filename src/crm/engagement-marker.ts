import { createHash } from 'node:crypto';

/**
 * The reference leadloop writes into each note and task, and searches for after a crash to avoid writing one twice.
 * HubSpot stores engagement bodies as HTML and may normalise them (`>` becomes `&gt;`, runs of spaces `&nbsp;`), so
 * the marker is made only of characters HTML leaves alone: letters, digits, `:`, `.`, `_`, `-` — no space, no `>`.
 * The key's own characters outside that set become `-`; a short hash keeps two such keys apart.
 */
export function engagementMarker(key: string): string {
  const readable = key.replace(/>/g, '-to-').replace(/[^A-Za-z0-9:._-]/g, '-');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `leadloop-ref:${readable}:${hash}`;
}
