import { engagementMarker } from '../../../src/crm/engagement-marker';
import { noteBody, noteMarker } from '../../../src/writeback/note-body';

// HubSpot stores note and task bodies as HTML and may rewrite what HTML allows it to (`>` → `&gt;`, spaces →
// `&nbsp;`): the marker searched for after a crash must be made of characters no such rewrite touches.
const HTML_SAFE = /^[A-Za-z0-9:._-]+$/;

describe('the marker that finds a note or task again', () => {
  it.each(['note:62515:101:lead>marketingqualifiedlead', 'note:62515:101:none>2497212665', 'sla:62515:101:7:1767225600000:first-touch-breach', 'a key with spaces & <angles>'])('is HTML-safe for %j', (key) => {
    expect(engagementMarker(key)).toMatch(HTML_SAFE);
    expect(engagementMarker(key).startsWith('leadloop-ref:')).toBe(true);
  });

  it('reads as its key, and keys that differ only in rewritten characters stay apart', () => {
    expect(engagementMarker('note:1:2:lead>marketingqualifiedlead')).toMatch(/^leadloop-ref:note:1:2:lead-to-marketingqualifiedlead:[0-9a-f]{10}$/);
    expect(engagementMarker('note:1:2:lead>x')).not.toBe(engagementMarker('note:1:2:lead-to-x'));
    expect(engagementMarker('k')).toBe(engagementMarker('k'));
  });

  it('survives HubSpot escaping the note body: the marker is still found in it', () => {
    const key = 'note:62515:101:lead>marketingqualifiedlead';
    const body = noteBody('Why: a demo request.\n\nScore 82 > threshold 70.', key);
    // What a sanitiser may do to text: escape > that is not part of a tag, and turn spaces into &nbsp;.
    const normalised = body.replace(/>([^<]*)/g, (_m, text: string) => `>${text.replace(/>/g, '&gt;').replace(/ /g, '&nbsp;')}`);
    expect(normalised).not.toBe(body);
    expect(normalised.includes(noteMarker(key))).toBe(true);
  });
});
