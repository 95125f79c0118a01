import { hubspot } from '@hubspot/ui-extensions';
import { LeadloopCardView } from './leadloop-card-view';
import { LEADLOOP_URL } from './leadloop-url';

// HubSpot's entry point: the record's id comes from the context; data only through hubspot.fetch (signed by HubSpot).
hubspot.extend<'crm.record.tab'>(({ context }) => <LeadloopCardView contactId={String(context.crm.objectId)} baseUrl={LEADLOOP_URL} fetch={hubspot.fetch} now={Date.now} tickMs={30_000} />);
