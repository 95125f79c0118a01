import fs from 'node:fs';
import path from 'node:path';
import type { SlaConfig } from '../config/sla-schema';
import type { ContractVersion } from '../domain/contract-versions';
import type { ContractStore } from '../store/contract-store-port';
import { contractTermsOf, termsHash } from './contract-terms';

/**
 * At start: the contract in config/sla.json is a recorded version. A file changed since the last version recorded
 * (by hand, not through `contract adopt`) becomes a version from this start, so each period is judged against the
 * contract then in force. Returns the version recorded, or null when the file holds the latest one.
 */
export async function recordContractInForce(store: ContractStore, sla: SlaConfig, now: number, author = 'leadloop start (config/sla.json changed)'): Promise<ContractVersion | null> {
  const terms = contractTermsOf(sla);
  const hash = termsHash(terms);
  const versions = await store.contractVersions();
  const latest = [...versions].sort((a, b) => a.recordedAt - b.recordedAt || a.id - b.id).at(-1);
  if (latest?.hash === hash) return null;
  return store.recordContractVersion({ hash, terms, startsAt: now, recordedAt: now, author });
}

/**
 * `contract adopt` and `contract propose --adopt`: records `sla` as the version in force from `startsAt`, and puts it
 * in the file the server reads (a rename in the same directory, so no reader sees half a file). The file holds the
 * latest version adopted; the store keeps each version's dates. The server runs the file's first-touch terms from its
 * next start; the report judges each period by the dates.
 */
export async function adoptContract(o: { store: ContractStore; sla: SlaConfig; fileJson: unknown; slaFile: string; startsAt: number; now: number; author: string }): Promise<ContractVersion> {
  const terms = contractTermsOf(o.sla);
  const version = await o.store.recordContractVersion({ hash: termsHash(terms), terms, startsAt: o.startsAt, recordedAt: o.now, author: o.author });
  const tmp = path.join(path.dirname(path.resolve(o.slaFile)), `.${path.basename(o.slaFile)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(o.fileJson, null, 2)}\n`);
  fs.renameSync(tmp, o.slaFile);
  return version;
}
