/** Claims a job's scheduled moment in the shared store: true only for the first instance to ask. */
export type ClaimMoment = (name: string, moment: number) => Promise<boolean>;

export type MomentResult<T> = { ran: true; result: T } | { ran: false };

/**
 * Several instances fire the same cron at the same moment. A lease alone keeps their runs apart but not single: an
 * instance whose run ended before another's began would let it run the same moment again. The moment is claimed
 * first; only its claimant runs. A claimant that dies mid-run loses that moment, and the next one goes to a survivor.
 */
export async function runOncePerMoment<T>(claim: ClaimMoment, name: string, moment: number, job: () => Promise<T>): Promise<MomentResult<T>> {
  if (!(await claim(name, moment))) return { ran: false };
  return { ran: true, result: await job() };
}

/** The second a cron firing belongs to (node-cron fires at a second's start; instances a few milliseconds apart). */
export const momentOf = (at: number): number => Math.floor(at / 1000) * 1000;
