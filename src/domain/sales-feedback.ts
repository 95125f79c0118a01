/** Sales' feedback on one origin's MQLs: why they rejected the ones they did, and how the accepted ones ended. */
export interface FeedbackSlice {
  key: string;
  mqls: number;
  rejected: number;
  /** Rejection reason → count, most frequent first. */
  reasons: Array<{ reason: string; count: number }>;
  accepted: number;
  /** The accepted leads: a deal won, deals lost (none won), or neither yet. */
  outcomes: { won: number; lost: number; open: number };
}

export interface SalesFeedback {
  bySource: FeedbackSlice[];
  byForm: FeedbackSlice[];
}

export interface FeedbackFact {
  source: string | null;
  form: string | null;
  accepted: boolean;
  rejected: boolean;
  rejectionReason: string | null;
  outcome: 'won' | 'lost' | 'open';
}

function sliceOf(key: string, rows: readonly FeedbackFact[]): FeedbackSlice {
  const reasons = new Map<string, number>();
  for (const r of rows) if (r.rejected) reasons.set(r.rejectionReason ?? '(no reason)', (reasons.get(r.rejectionReason ?? '(no reason)') ?? 0) + 1);
  const accepted = rows.filter((r) => r.accepted);
  return {
    key,
    mqls: rows.length,
    rejected: rows.filter((r) => r.rejected).length,
    reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    accepted: accepted.length,
    outcomes: { won: accepted.filter((r) => r.outcome === 'won').length, lost: accepted.filter((r) => r.outcome === 'lost').length, open: accepted.filter((r) => r.outcome === 'open').length },
  };
}

/** The period's MQLs grouped by original source (unknown included) and by first form (contacts without one left out, as in the funnel). */
export function summariseFeedback(rows: readonly FeedbackFact[]): SalesFeedback {
  const group = (key: (r: FeedbackFact) => string | null, skipUnknown: boolean) => {
    const m = new Map<string, FeedbackFact[]>();
    for (const r of rows) {
      const k = key(r);
      if (k === null && skipUnknown) continue;
      const list = m.get(k ?? '(unknown)') ?? [];
      list.push(r);
      m.set(k ?? '(unknown)', list);
    }
    return [...m].map(([k, list]) => sliceOf(k, list)).sort((a, b) => b.mqls - a.mqls || a.key.localeCompare(b.key));
  };
  return { bySource: group((r) => r.source, false), byForm: group((r) => r.form, true) };
}
