import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, ButtonRow, Divider, EmptyState, Flex, Heading, Link, List, LoadingSpinner, Statistics, StatisticsItem, Tag, Text } from '@hubspot/ui-extensions';
import type { CardErrorBody, CardLedgerLine, CardPayload, CardSla, ScoredCard } from './card-payload';
import { DEFAULT_UI_DOMAIN, noteUrlOf } from './hubspot-links';
import { cellName, countdown, daysAgo, duration, noticeName, signedPoints, stageName, wallTime } from './format-card-text';

/** `hubspot.fetch`'s shape, as the card uses it: HubSpot signs the request and appends the portal and user. */
export type CardFetch = (url: string, options?: { method?: 'GET' | 'POST'; body?: Record<string, unknown>; timeout?: number }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface LeadloopCardProps {
  contactId: string;
  /** leadloop's PUBLIC_URL (written into the project by `leadloop manifest --project`). */
  baseUrl: string;
  fetch: CardFetch;
  now: () => number;
  /** How often the SLA countdown moves; 0 keeps it still (tests at a fixed time). */
  tickMs?: number;
  /** The account's HubSpot UI domain, for links to its notes (app.hubspot.com unless told otherwise). */
  uiDomain?: string;
}

type CardState =
  | { kind: 'loading' }
  | { kind: 'ready'; payload: CardPayload }
  | { kind: 'not-connected'; message: string }
  | { kind: 'unreachable'; message: string };

const TOP_REASONS = 3;

async function askLeadloop(props: LeadloopCardProps, method: 'GET' | 'POST'): Promise<CardState> {
  const url = `${props.baseUrl}/api/contacts/${encodeURIComponent(props.contactId)}/card`;
  try {
    const res = await props.fetch(url, method === 'POST' ? { method, body: {}, timeout: 30_000 } : { method });
    const body = (await res.json().catch(() => null)) as (CardPayload & Partial<CardErrorBody>) | null;
    if (res.ok && body && 'contactId' in body) return { kind: 'ready', payload: body };
    if (body?.error?.code === 'CARD.PORTAL_NOT_CONNECTED') return { kind: 'not-connected', message: body.error.message };
    return { kind: 'unreachable', message: body?.error ? `${body.error.message} (${body.error.code})` : `leadloop answered HTTP ${res.status}` };
  } catch (e) {
    return { kind: 'unreachable', message: e instanceof Error ? e.message : String(e) };
  }
}

function Reason({ line, now }: { line: CardLedgerLine; now: number }) {
  return (
    <Text>
      {line.description} ({line.evidence}), {daysAgo(line.at, now)}, {signedPoints(line.points)}
    </Text>
  );
}

function SlaClock({ sla, now }: { sla: CardSla; now: number }) {
  if (sla.firstTouchAt !== null) {
    return (
      <Text>
        First touch made {wallTime(sla.firstTouchAt, sla.timeZone)}. Attempts {sla.attemptsMade} of {sla.attemptsRequired} by {wallTime(sla.attemptsDueAt, sla.timeZone)}.
      </Text>
    );
  }
  const clock = countdown(sla.firstTouchDueAt, now);
  return (
    <Flex direction="column" gap="extra-small">
      <Flex direction="row" gap="small" align="center">
        <Tag variant={clock.overdue ? 'error' : 'warning'}>First touch {clock.text}</Tag>
        <Text variant="microcopy">
          {wallTime(sla.firstTouchDueAt, sla.timeZone)} ({sla.timeZone}){sla.mode === 'business' ? `, ${duration(sla.workingMsLeft, false)} of working time left` : ''}
        </Text>
      </Flex>
      <Text>
        Attempts {sla.attemptsMade} of {sla.attemptsRequired} by {wallTime(sla.attemptsDueAt, sla.timeZone)}.
      </Text>
      <Text>{sla.next ? `Next: ${noticeName(sla.next.kind)} to the ${sla.next.to}, ${wallTime(sla.next.at, sla.timeZone)}.` : 'Next: nothing more is due.'}</Text>
    </Flex>
  );
}

interface ScoredProps {
  card: ScoredCard;
  now: number;
  explain: boolean;
  onExplain: () => void;
  onRescore: () => void;
  busy: boolean;
  /** The link to a stage change's note in HubSpot. */
  noteUrl: (noteId: string) => string;
}

function Scored({ card, now, explain, onExplain, onRescore, busy, noteUrl }: ScoredProps) {
  return (
    <Flex direction="column" gap="small">
      <Statistics>
        <StatisticsItem label="Score" number={card.score} />
        <StatisticsItem label="Fit grade" number={card.fitGrade} />
        <StatisticsItem label="Engagement" number={card.engagementScore} />
      </Statistics>
      <Text format={{ fontWeight: 'demibold' }}>
        {cellName(card.cell)}: {card.tactic}
      </Text>
      <Heading>Why</Heading>
      {(explain ? card.ledger : card.ledger.slice(0, TOP_REASONS)).map((line, i) => (
        <Reason key={i} line={line} now={now} />
      ))}
      <Text variant="microcopy">
        Rules {card.rulesVersion.slice(0, 8)}
        {card.rulesSince === null ? '' : `, in force since ${daysAgo(card.rulesSince, now)}`}; decided {daysAgo(card.decidedAt, now)}.
      </Text>
      <Divider />
      <Heading>Follow-up SLA</Heading>
      {card.sla ? <SlaClock sla={card.sla} now={now} /> : <Text>No follow-up clock: leadloop opens one when the contact becomes an MQL.</Text>}
      {card.stages.length > 0 && (
        <>
          <Divider />
          <Heading>Stage history</Heading>
          <List>
            {card.stages.map((s, i) => (
              <Text key={i}>
                {stageName(s.from)} → {stageName(s.to)}, {daysAgo(s.at, now)}:{' '}
                {s.noteId === null ? 'no note in HubSpot yet' : <Link href={noteUrl(s.noteId)}>leadloop's note says why</Link>}
              </Text>
            ))}
          </List>
        </>
      )}
      <ButtonRow>
        <Button variant="primary" onClick={onRescore} disabled={busy}>
          {busy ? 'Re-scoring…' : 'Re-score now'}
        </Button>
        <Button variant="secondary" onClick={onExplain}>
          {explain ? 'Show the top reasons' : `Explain (${card.ledger.length} lines)`}
        </Button>
      </ButtonRow>
    </Flex>
  );
}

/** leadloop's card on the contact record: the score and why, the SLA clock, the stages; never a blank card. */
export function LeadloopCardView(props: LeadloopCardProps) {
  const [state, setState] = useState<CardState>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [explain, setExplain] = useState(false);
  const [now, setNow] = useState(props.now());
  const load = useCallback(async (method: 'GET' | 'POST') => {
    if (method === 'POST') setBusy(true);
    const next = await askLeadloop(props, method);
    setState(next);
    setNow(props.now());
    setBusy(false);
  }, []); // one contact per card: its props never change
  useEffect(() => {
    void load('GET');
  }, [load]);
  useEffect(() => {
    if (!props.tickMs) return undefined;
    const timer = setInterval(() => setNow(props.now()), props.tickMs);
    return () => clearInterval(timer);
  }, [props]);

  switch (state.kind) {
    case 'loading':
      return <LoadingSpinner label="Asking leadloop…" />;
    case 'not-connected':
      return (
        <Alert title="This HubSpot account is not connected to leadloop" variant="warning">
          {state.message}
        </Alert>
      );
    case 'unreachable':
      return (
        <Flex direction="column" gap="small">
          <Alert title="leadloop cannot be reached" variant="error">
            The score and SLA clock are unavailable right now: {state.message}
          </Alert>
          <Button onClick={() => void load('GET')}>Try again</Button>
        </Flex>
      );
    case 'ready': {
      if (!state.payload.scored) {
        return (
          <EmptyState title="Not scored yet" layout="vertical">
            <Text>leadloop has not scored this contact: no webhook about it has arrived since leadloop was installed.</Text>
            <Button variant="primary" onClick={() => void load('POST')} disabled={busy}>
              {busy ? 'Scoring…' : 'Score this contact'}
            </Button>
          </EmptyState>
        );
      }
      const { portalId, contactId } = state.payload;
      const noteUrl = (noteId: string) => noteUrlOf(state.payload.uiDomain ?? props.uiDomain ?? DEFAULT_UI_DOMAIN, portalId, contactId, noteId);
      return <Scored card={state.payload.scored} now={now} explain={explain} onExplain={() => setExplain(!explain)} onRescore={() => void load('POST')} busy={busy} noteUrl={noteUrl} />;
    }
  }
}
