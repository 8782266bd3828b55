// The side effects the domain needs, as small interfaces implemented once per platform
// (node/ for the CLI, Electron main and the browser shell's server).

/** A folder tree addressed by '/'-separated paths. */
export interface FileSystem {
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  /** Replaces the file so that a crash at any instant leaves either the old or the new content. */
  writeAtomic(path: string, data: string | Uint8Array): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Names of the entries of a folder; empty when the folder does not exist. */
  list(dir: string): Promise<string[]>;
  mkdirp(dir: string): Promise<void>;
  /**
   * What is at `path` without following a link. Optional: a file system that can hold links and
   * devices (the local disk) says, so that a workbook's own folders are never taken through one.
   */
  kind?(path: string): Promise<'file' | 'dir' | 'link' | 'other' | 'missing'>;
  /**
   * gzip as the platform has it. Big evidence blobs are stored compressed; a file system without
   * it (the renderer's, which gets blobs from the Node side already read) writes them as they are.
   * The data may come in pieces, one after the other (a table as its Arrow writer made it).
   */
  gzip?(data: Uint8Array | readonly Uint8Array[]): Promise<Uint8Array>;
  gunzip?(data: Uint8Array): Promise<Uint8Array>;
}

/** The time, injected so that tests and reports can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant. */
export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** YYYY-MM-DD of an instant, in UTC. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** Joins path segments with '/', the only separator core uses. */
export const joinPath = (...parts: string[]): string =>
  parts
    .filter((p) => p !== '')
    .join('/')
    .replace(/\/{2,}/g, '/');

/** Signs with the key of this machine's auditor (Ed25519): what a purge event carries as proof. */
export interface Signer {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/**
 * Named secrets kept by the platform: the OS keychain in the desktop app; in the browser shell, the
 * server process's memory while it runs (never written). Values are only ever in memory here.
 */
export interface SecretStore {
  /** Where the values live; absent means the OS keychain. */
  readonly kind?: 'os-keychain' | 'memory';
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  list(): Promise<string[]>;
}
