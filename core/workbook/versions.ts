// Published versions: frozen snapshots chained by hash. Each manifest hash covers the snapshot,
// every evidence hash it references and the previous version's hash, so editing a frozen version,
// a blob or the chain is detected by verifyWorkbook.
import * as z from 'zod';
import { canonicalJson, sha256Hex } from '../hash';
import { CaptureHashSchema, type CaptureHash } from '../ids';
import { mapLimit } from '../map-limit';
import { isoDay, joinPath, type Clock, type FileSystem } from '../ports';
import { FormatError, parseJsonText, stableJson, validateWith, validateWorkbook } from './file-format';
import { checkPurgeEvents, purgeLedger } from './purge-ledger';
import { versionState } from './version-state';
import type { Workbook } from './schema';
import {
  blobContent,
  blobFiles,
  checkOwnFolder,
  EVIDENCE_DIR,
  listBlobs,
  loadWorkbook,
  saveWorkbook,
  versionFile,
  VERSIONS_DIR,
} from './store';

const SnapshotHeader = z.strictObject({
  version: z.int().min(1),
  publishedAt: z.iso.datetime({ offset: true }),
  message: z.string().min(1),
  previousHash: CaptureHashSchema.nullable(),
  evidence: z.array(CaptureHashSchema),
  manifestHash: CaptureHashSchema,
  workbook: z.unknown(),
});

/** The content of versions/v<N>.json. */
export interface VersionSnapshot {
  version: number;
  publishedAt: string;
  message: string;
  previousHash: CaptureHash | null;
  evidence: CaptureHash[];
  manifestHash: CaptureHash;
  workbook: Workbook;
}

/** Every blob a workbook references: captures (or their parts), their tables, and gap evidence links. */
export function referencedHashes(wb: Workbook): CaptureHash[] {
  const hashes = new Set<CaptureHash>();
  // A capture in parts is named by the hash of its whole text, which no single blob holds.
  const parts = new Map<CaptureHash, readonly CaptureHash[]>();
  for (const pillar of wb.pillars) {
    for (const cell of pillar.cells) {
      for (const capture of cell.captures) {
        if (capture.parts) parts.set(capture.hash, capture.parts);
        for (const hash of capture.parts ?? [capture.hash]) hashes.add(hash);
        for (const table of capture.tables) hashes.add(table.hash);
      }
    }
  }
  for (const gap of wb.gaps)
    for (const ev of gap.evidence) if (ev.capture) for (const h of parts.get(ev.capture) ?? [ev.capture]) hashes.add(h);
  return [...hashes].sort();
}

/** The hash that seals a snapshot: over everything in it except the hash itself. */
export function manifestHash(snapshot: Omit<VersionSnapshot, 'manifestHash'>): CaptureHash {
  const { version, publishedAt, message, previousHash, evidence, workbook } = snapshot;
  return sha256Hex(canonicalJson({ version, publishedAt, message, previousHash, evidence, workbook }));
}

/** Parses versions/v<N>.json, checking its shape and its workbook. */
export function parseSnapshot(text: string, file: string): VersionSnapshot {
  const header = validateWith(SnapshotHeader, parseJsonText(text, file), file);
  const workbook = validateWorkbook(header.workbook, file);
  return { ...header, workbook };
}

export async function loadSnapshot(fs: FileSystem, dir: string, n: number): Promise<VersionSnapshot> {
  await checkOwnFolder(fs, dir, VERSIONS_DIR);
  const file = versionFile(dir, n);
  if (!(await fs.exists(file))) throw new FormatError(file, [{ path: '', message: `version v${n} not found` }]);
  return parseSnapshot(await fs.readText(file), file);
}

export interface PublishInput {
  message: string;
  items?: string[];
}

/**
 * Freezes the working copy as the next version: adds a changelog entry, writes versions/v<N>.json,
 * then records it in workbook.json. Refuses when a referenced evidence blob is missing.
 */
export async function publishVersion(
  fs: FileSystem,
  dir: string,
  input: PublishInput,
  clock: Clock,
): Promise<{ workbook: Workbook; snapshot: VersionSnapshot }> {
  const message = input.message.trim();
  if (!message) throw new Error('publish needs a changelog message');
  const current = await loadWorkbook(fs, dir);
  const last = current.versions.at(-1);
  if (last && versionState(current, (await loadSnapshot(fs, dir, last.number)).workbook).kind === 'published') {
    throw new Error(`nothing to publish: the working copy is v${last.number}, unchanged`);
  }
  const number = current.versions.length + 1;
  const now = clock.now();
  const publishedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const frozen: Workbook = {
    ...current,
    changelog: [...current.changelog, { version: number, date: isoDay(now), summary: message, items: input.items ?? [] }],
  };
  const evidence = referencedHashes(frozen);
  for (const hash of evidence) {
    if ((await blobFiles(fs, dir, hash)).length === 0) {
      throw new Error(`cannot publish v${number}: evidence blob ${hash} is referenced but missing from evidence/`);
    }
  }
  const previousHash = current.versions.at(-1)?.hash ?? null;
  const unsealed = { version: number, publishedAt, message, previousHash, evidence, workbook: frozen };
  // Key order as parseSnapshot returns it, so that a frozen version round-trips byte for byte.
  const snapshot: VersionSnapshot = {
    version: number,
    publishedAt,
    message,
    previousHash,
    evidence,
    manifestHash: manifestHash(unsealed),
    workbook: frozen,
  };
  // A v<N>.json already on disk but absent from the index is the leftover of an interrupted
  // publish, and is replaced; writing it before the index keeps the index pointing only at
  // complete files.
  await fs.mkdirp(joinPath(dir, VERSIONS_DIR));
  await fs.writeAtomic(versionFile(dir, number), stableJson(snapshot));
  const workbook: Workbook = {
    ...frozen,
    versions: [...current.versions, { number, publishedAt, message, hash: snapshot.manifestHash }],
  };
  await saveWorkbook(fs, dir, workbook);
  return { workbook, snapshot };
}

/** What `validate` found: problems (each naming a file) and what was checked. */
export interface VerifyResult {
  problems: string[];
  versionsChecked: number;
  blobsChecked: number;
  /** Blobs replaced by a purge's tombstone, as its signed event records. */
  tombstones: number;
}

/** Checks workbook.json, the version chain and every evidence blob. Never writes. */
export async function verifyWorkbook(fs: FileSystem, dir: string): Promise<VerifyResult> {
  const problems: string[] = [];
  const wb = await loadWorkbook(fs, dir);
  const referenced = new Map<CaptureHash, string>();
  for (const hash of referencedHashes(wb)) referenced.set(hash, 'workbook.json');
  // Purges are the one accepted change to sealed content: each is chained, signed and says what it changed.
  problems.push(...checkPurgeEvents(wb.purges ?? []));
  const ledger = purgeLedger(wb.purges ?? []);
  let tombstones = 0;

  let previous: CaptureHash | null = null;
  for (const ref of wb.versions) {
    const file = `versions/v${ref.number}.json`;
    let snapshot: VersionSnapshot;
    try {
      snapshot = await loadSnapshot(fs, dir, ref.number);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      previous = ref.hash;
      continue;
    }
    const recomputed = manifestHash(snapshot);
    const purged = ledger.versions.get(ref.number);
    if (snapshot.version !== ref.number) problems.push(`${file}: says it is v${snapshot.version}`);
    if (recomputed !== snapshot.manifestHash && purged?.sealed === snapshot.manifestHash && purged.purged === recomputed) {
      // Rewritten by a purge, exactly as the purge event records.
    } else if (recomputed !== snapshot.manifestHash) {
      problems.push(
        `${file}: content was edited after publishing (manifest hash ${short(snapshot.manifestHash)} recorded, ${short(recomputed)} computed)`,
      );
    }
    if (snapshot.manifestHash !== ref.hash) {
      problems.push(
        `${file}: manifest hash ${short(snapshot.manifestHash)} differs from the one workbook.json records for v${ref.number} (${short(ref.hash)})`,
      );
    }
    if (snapshot.previousHash !== previous) {
      problems.push(
        `${file}: chain broken: previous hash ${snapshot.previousHash ? short(snapshot.previousHash) : 'none'}, expected ${previous ? short(previous) : 'none'}`,
      );
    }
    const listed = new Set(snapshot.evidence);
    for (const hash of referencedHashes(snapshot.workbook)) {
      if (!listed.has(hash)) problems.push(`${file}: evidence ${short(hash)} is used but not sealed in the manifest`);
    }
    for (const hash of snapshot.evidence) if (!referenced.has(hash)) referenced.set(hash, file);
    previous = ref.hash;
  }

  const onDisk = await fs.list(joinPath(dir, VERSIONS_DIR));
  for (const name of onDisk) {
    const match = /^v(\d+)\.json$/.exec(name);
    // The next version's file without its entry in workbook.json is an interrupted publish: the next
    // publish replaces it, so to validate that publish never happened (it is one step, done or not).
    const interrupted = match && Number(match[1]) === wb.versions.length + 1;
    if (match && !interrupted && !wb.versions.some((v) => v.number === Number(match[1]))) {
      problems.push(`versions/${name}: not recorded in workbook.json (an interrupted publish?)`);
    }
  }

  let blobsChecked = 0;
  let evidenceFolder = true;
  try {
    await checkOwnFolder(fs, dir, EVIDENCE_DIR);
  } catch (error) {
    problems.push((error as Error).message);
    evidenceFolder = false;
    referenced.clear(); // nothing under a linked evidence/ is read
  }
  // Hashes are hex: code-unit order is their order, and needs no ICU collator at start-up.
  const blobs = [...referenced].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Four at a time (the file system's thread pool): the findings still come in the hashes' order.
  const findings = await mapLimit(blobs, 4, async ([hash, by]): Promise<BlobFinding[]> => {
    const files = await blobFiles(fs, dir, hash);
    if (files.length === 0) return [{ problem: `evidence/${hash}: missing (referenced by ${by})` }];
    // Every file that holds the blob is checked: one compressed and one not, after a merge of clones.
    return Promise.all(
      files.map(async (file): Promise<BlobFinding> => {
        const name = file.path.slice(file.path.lastIndexOf('/') + 1);
        let bytes: Uint8Array;
        try {
          bytes = await blobContent(fs, file);
        } catch (error) {
          return { problem: `evidence/${name}: ${(error as Error).message.replace(`${file.path}: `, '')}` };
        }
        const actual = sha256Hex(bytes);
        const tombstone = ledger.tombstones.get(hash);
        if (tombstone && actual === hash)
          return { read: true, problem: `evidence/${name}: still holds what purge ${tombstone.purge} removed (run the purge again)` };
        if (tombstone && actual === tombstone.tombstone) return { read: true, tombstone: true };
        if (actual !== hash) return { read: true, problem: `evidence/${name}: content changed (its sha256 is now ${short(actual)})` };
        return { read: true };
      }),
    );
  });
  for (const finding of findings.flat()) {
    if (finding.read) blobsChecked++;
    if (finding.tombstone) tombstones++;
    if (finding.problem) problems.push(finding.problem);
  }
  const { strays } = evidenceFolder ? await listBlobs(fs, dir) : { strays: [] };
  for (const name of strays) problems.push(`evidence/${name}: not a sha256-named blob`);
  return { problems, versionsChecked: wb.versions.length, blobsChecked, tombstones };
}

const short = (hash: string) => hash.slice(0, 12);

interface BlobFinding {
  read?: boolean;
  tombstone?: boolean;
  problem?: string;
}
