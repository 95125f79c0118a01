import { createTestStore } from '../../helpers/test-database';
import type { Store } from '../../../src/store/store-port';

/** The reads the worker makes per contact, folded into fewer statements: each must answer what the long way does. */
describe('contact reads: what the worker applies events onto and decides on', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('contactBeforeEvents: an unknown contact has no properties and is not erased', async () => {
    expect(await store.contactBeforeEvents(1, '404')).toEqual({ erased: false, properties: {} });
  });

  it('contactBeforeEvents: the stored properties, newest value per property, of this portal only', async () => {
    await store.applyContactChanges(1, '7', [{ name: 'email', value: 'a@example.com', at: 10 }, { name: 'jobtitle', value: 'CTO', at: 10 }], []);
    await store.applyContactChanges(1, '7', [{ name: 'jobtitle', value: 'CEO', at: 20 }, { name: 'email', value: 'old@example.com', at: 5 }], []);
    await store.applyContactChanges(2, '7', [{ name: 'email', value: 'other@example.com', at: 10 }], []);
    expect(await store.contactBeforeEvents(1, '7')).toEqual({ erased: false, properties: { email: 'a@example.com', jobtitle: 'CEO' } });
  });

  it('contactBeforeEvents: an erased contact says so (and holds nothing), in its own portal only', async () => {
    await store.applyContactChanges(1, '7', [{ name: 'email', value: 'a@example.com', at: 10 }], []);
    await store.eraseContact(1, '7', 100);
    expect(await store.contactBeforeEvents(1, '7')).toEqual({ erased: true, properties: {} });
    expect(await store.contactBeforeEvents(2, '7')).toEqual({ erased: false, properties: {} });
  });

  it('applyContactChanges answers the properties as stored after it, which loadContact reads back', async () => {
    await store.applyContactChanges(1, '7', [{ name: 'jobtitle', value: 'CTO', at: 20 }], []);
    // An older value for jobtitle loses; a null is a value (HubSpot cleared it).
    const stored = await store.applyContactChanges(1, '7', [{ name: 'jobtitle', value: 'Intern', at: 10 }, { name: 'phone', value: null, at: 30 }], []);
    expect(stored).toEqual({ jobtitle: 'CTO', phone: null });
    expect((await store.loadContact(1, '7'))?.snapshot.properties).toEqual(stored);
    // Nothing changed: still the whole of what is stored.
    expect(await store.applyContactChanges(1, '7', [], [])).toEqual({ jobtitle: 'CTO', phone: null });
  });

  it('activitiesOf: the activity in time order, as loadContact has it', async () => {
    await store.applyContactChanges(1, '7', [], [
      { activity: { kind: 'page_viewed', at: 30 }, sourceKey: 'v:30' },
      { activity: { kind: 'form_submitted', at: 10, formName: 'Demo' }, sourceKey: 'form:10' },
    ]);
    await store.applyContactChanges(1, '7', [], [{ activity: { kind: 'email_opened', at: 20 }, sourceKey: 'o:20' }]);
    const expected = [
      { kind: 'form_submitted', at: 10, formName: 'Demo' },
      { kind: 'email_opened', at: 20 },
      { kind: 'page_viewed', at: 30 },
    ];
    expect(await store.activitiesOf(1, '7')).toEqual(expected);
    expect((await store.loadContact(1, '7'))?.activities).toEqual(expected);
    expect(await store.activitiesOf(1, '8')).toEqual([]);
  });

  it('applyAndLoadContact: the properties as stored after it and the whole activity in time order, older activity included', async () => {
    await store.applyContactChanges(1, '7', [{ name: 'jobtitle', value: 'CTO', at: 20 }], [{ activity: { kind: 'page_viewed', at: 30 }, sourceKey: 'v:30' }]);
    const applied = await store.applyAndLoadContact(1, '7', [{ name: 'jobtitle', value: 'Intern', at: 10 }, { name: 'email', value: 'a@example.com', at: 40 }], [
      { activity: { kind: 'email_opened', at: 35 }, sourceKey: 'o:35' },
      { activity: { kind: 'form_submitted', at: 5, formName: 'Demo' }, sourceKey: 'form:5' },
      // Already stored: read once, not twice.
      { activity: { kind: 'page_viewed', at: 30 }, sourceKey: 'v:30' },
    ]);
    expect(applied).toEqual({
      properties: { jobtitle: 'CTO', email: 'a@example.com' },
      activities: [
        { kind: 'form_submitted', at: 5, formName: 'Demo' },
        { kind: 'page_viewed', at: 30 },
        { kind: 'email_opened', at: 35 },
      ],
    });
    expect(await store.loadContact(1, '7')).toEqual({ snapshot: { id: '7', properties: applied.properties }, activities: applied.activities });
  });

  it('applyAndLoadContact: with nothing to apply, what is stored; with nothing stored, an empty contact of its own portal', async () => {
    await store.applyContactChanges(1, '7', [{ name: 'email', value: 'a@example.com', at: 10 }], [{ activity: { kind: 'email_opened', at: 20 }, sourceKey: 'o:20' }]);
    expect(await store.applyAndLoadContact(1, '7', [], [])).toEqual({ properties: { email: 'a@example.com' }, activities: [{ kind: 'email_opened', at: 20 }] });
    // A change older than the stored value writes nothing, and answers the stored value.
    expect(await store.applyAndLoadContact(1, '7', [{ name: 'email', value: 'old@example.com', at: 5 }], [])).toEqual({ properties: { email: 'a@example.com' }, activities: [{ kind: 'email_opened', at: 20 }] });
    expect(await store.applyAndLoadContact(2, '7', [], [])).toEqual({ properties: {}, activities: [] });
  });

  // A submission stored before its form's name was known (a retry, or the name resolved late) is completed by the
  // same submission with the name, never doubled, and a named one is never renamed or unnamed.
  describe.each([
    ['applyContactChanges', (s: Store, activity: Parameters<Store['applyContactChanges']>[3][number]) => s.applyContactChanges(1, '7', [], [activity]).then(() => s.activitiesOf(1, '7'))],
    ['applyAndLoadContact', (s: Store, activity: Parameters<Store['applyContactChanges']>[3][number]) => s.applyAndLoadContact(1, '7', [], [activity]).then((r) => r.activities)],
  ])('a form submission stored without its name, through %s', (_name, add) => {
    const submission = (formName?: string) => ({ activity: { kind: 'form_submitted' as const, at: 10, formId: 'f-1', ...(formName === undefined ? {} : { formName }) }, sourceKey: 'form:10' });

    it('is completed by the same submission with its name, once', async () => {
      expect(await add(store, submission())).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1' }]);
      expect(await add(store, submission('Demo request'))).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1', formName: 'Demo request' }]);
      expect(await store.activitiesOf(1, '7')).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1', formName: 'Demo request' }]);
    });

    it('keeps the name it has: neither a later name nor a nameless repeat changes it', async () => {
      await add(store, submission('Demo request'));
      expect(await add(store, submission('Newsletter'))).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1', formName: 'Demo request' }]);
      expect(await add(store, submission())).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1', formName: 'Demo request' }]);
      expect(await add(store, submission(''))).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1', formName: 'Demo request' }]);
    });

    it('an empty name completes nothing', async () => {
      await add(store, submission());
      expect(await add(store, submission(''))).toEqual([{ kind: 'form_submitted', at: 10, formId: 'f-1' }]);
    });
  });

  // A group's events can name one activity twice (a deal associated from both of its sides, a retried submission).
  it.each([
    ['applyContactChanges', (s: Store, activities: Parameters<Store['applyContactChanges']>[3]) => s.applyContactChanges(1, '7', [], activities).then(() => s.activitiesOf(1, '7'))],
    ['applyAndLoadContact', (s: Store, activities: Parameters<Store['applyContactChanges']>[3]) => s.applyAndLoadContact(1, '7', [], activities).then((r) => r.activities)],
  ])('stores an activity named twice in one call once, a nameless submission completed by its named repeat (%s)', async (_name, add) => {
    expect(
      await add(store, [
        { activity: { kind: 'deal_associated', at: 10, dealId: 'd1' }, sourceKey: 'deal:d1' },
        { activity: { kind: 'form_submitted', at: 20, formId: 'f-1' }, sourceKey: 'form:20' },
        { activity: { kind: 'deal_associated', at: 10, dealId: 'd1' }, sourceKey: 'deal:d1' },
        { activity: { kind: 'form_submitted', at: 20, formId: 'f-1', formName: 'Demo request' }, sourceKey: 'form:20' },
        { activity: { kind: 'form_submitted', at: 20, formId: 'f-1', formName: 'Newsletter' }, sourceKey: 'form:20' },
      ]),
    ).toEqual([
      { kind: 'deal_associated', at: 10, dealId: 'd1' },
      { kind: 'form_submitted', at: 20, formId: 'f-1', formName: 'Demo request' },
    ]);
  });
});
