/** A stage of a deal pipeline, as the portal defines it (HubSpot's pipelines API, stage `metadata`). */
export interface DealStage {
  id: string;
  isClosed: boolean;
  /** 0..1; HubSpot sends it as a string such as "1.0". Null when the stage has none. */
  probability: number | null;
}

export interface DealPipeline {
  id: string;
  stages: readonly DealStage[];
}

/**
 * Won = closed with probability 1.0. `closedwon` is only the default pipeline's id; other pipelines use numeric
 * stage ids, so the stage's metadata decides (facts §11).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide
 */
export const isWonStage = (s: DealStage): boolean => s.isClosed && s.probability !== null && s.probability >= 1;

/** What a deal stage id means in a portal: won, not won, or not a stage of any pipeline leadloop knows. */
export function stageOutcome(pipelines: readonly DealPipeline[], stageId: string): 'won' | 'not_won' | 'unknown' {
  for (const p of pipelines) {
    const stage = p.stages.find((s) => s.id === stageId);
    if (stage) return isWonStage(stage) ? 'won' : 'not_won';
  }
  return 'unknown';
}

/** Where a deal in `stageId` stands: won, lost (closed, not won), open, or a stage of no pipeline leadloop knows. */
export function stageClosure(pipelines: readonly DealPipeline[], stageId: string): 'won' | 'lost' | 'open' | 'unknown' {
  for (const p of pipelines) {
    const stage = p.stages.find((s) => s.id === stageId);
    if (stage) return isWonStage(stage) ? 'won' : stage.isClosed ? 'lost' : 'open';
  }
  return 'unknown';
}
