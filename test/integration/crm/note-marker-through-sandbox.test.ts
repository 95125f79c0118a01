import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';
import { noteBody, noteMarker } from '../../../src/writeback/note-body';
import { TEST_SECRET } from '../../helpers/test-config';

const TOKEN = 'pat-na1-note-marker';
const AT = Date.parse('2026-11-17T15:00:00Z');

// HubSpot re-serialises a note's HTML (the sandbox escapes `>` in text and keeps runs of spaces with &nbsp;): the
// marker leadloop looks for after a crash must survive that, or a second note is written.
describe('a note found again by its marker after HubSpot stored it', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'c', clientSecret: TEST_SECRET, privateToken: TOKEN, now: () => AT });
  });
  afterAll(() => sandbox.close());

  it('is found by its leadloop-ref marker; a marker holding ">" or spaces would not be', async () => {
    const crm = createHubspotCrm({ baseUrl: sandbox.url, tokenFor: async () => TOKEN, retry: { attempts: 1, baseMs: 1, capMs: 1 } });
    const contact = sandbox.portal.create('contacts', { email: 'ann@north.example' }, { changeSource: 'CRM_UI' }, AT);
    const portalId = sandbox.portal.portalId;
    const key = `note:${portalId}:${contact.id}:lead>marketingqualifiedlead`;
    const body = noteBody('Score 82 > threshold 70.\n\nNext:  call within a day.', key);
    const [created] = await crm.createNotes(portalId, [{ contactId: contact.id, body, timestamp: AT, marker: noteMarker(key) }]);
    if (typeof created !== 'string') throw new Error(`the note was refused: ${String(created)}`);
    const stored = sandbox.portal.get('notes', created).properties.hs_note_body ?? '';
    expect(stored).not.toBe(body); // HubSpot's copy differs from what was sent
    expect(stored).toContain('82 &gt; threshold');
    expect(await crm.findNoteWithMarker(portalId, contact.id, noteMarker(key))).not.toBeNull();
    // The marker leadloop used to write ("leadloop ref " + the raw key) is not found in the stored copy.
    expect(await crm.findNoteWithMarker(portalId, contact.id, `leadloop ref ${key}`)).toBeNull();
  });
});
