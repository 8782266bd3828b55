export const CLI_DIR: string;
export const INPUTS_FILE: string;
/** Bundles the CLI into `outdir` (default dist/cli) with the list of its source files; returns the folder. */
export function buildCli(options?: { root?: string; outdir?: string }): Promise<string>;
