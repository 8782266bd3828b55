export const RUNTIME_PACKAGES: string[];
/** Bundles main, preload and the ingest worker into `outdir` (default dist/electron); returns it. */
export function buildElectron(options?: { root?: string; outdir?: string; entries?: Record<string, string> }): Promise<string>;
