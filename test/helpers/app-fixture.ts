// The app on a copy of a fixture workbook for one describe block of a Chromium test (it registers
// the block's clean-up with vitest, so it lives apart from browser-shell.ts, which benchmarks use too).
import { afterAll } from 'vitest';
import { openApp, type OpenApp } from './browser-shell';
import { copyFixture, tempDir } from './workbooks';

/**
 * The app on a copy of a fixture workbook, for one describe block: `open` copies it, lets `prepare`
 * change it on disk first (a cell added, a capture imported), then opens it in Chromium with its own
 * home folder; the app and both folders go when the block ends.
 */
export function appOnFixture(fixture = 'demo-helix-backbone'): {
  open(prepare?: (dir: string, home: string) => Promise<void>): Promise<OpenApp & { dir: string; home: string }>;
} {
  const cleanups: (() => Promise<void>)[] = [];
  let app: OpenApp | undefined;
  afterAll(async () => {
    await app?.close();
    for (const cleanup of cleanups) await cleanup();
  });
  return {
    async open(prepare) {
      const copy = await copyFixture(fixture);
      const home = await tempDir('aw-home-');
      cleanups.push(copy.cleanup, home.cleanup);
      await prepare?.(copy.dir, home.dir);
      app = await openApp(copy.dir, home.dir);
      return { ...app, dir: copy.dir, home: home.dir };
    },
  };
}
