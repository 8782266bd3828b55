// The crash tests' child processes: bundled once (so that each start is plain Node, without a TS
// loader), then started and killed with SIGKILL at a random instant once they are at work.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../../scripts/node-bundle.mjs';

/** Bundles `entry` to `outfile` (an ES module); packages the engine loads lazily stay outside. */
export async function bundleChild(entry: URL, outfile: string): Promise<void> {
  await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    ...NODE_BUNDLE,
    format: 'esm',
    outfile,
    external: ['@duckdb/*', '@aws-sdk/*', 'pg', 'sql.js', 'octokit', '@octokit/*'],
    // CommonJS dependencies (yaml) require Node built-ins: give the ES module a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
}

/** Runs the child until its first acknowledged step, waits up to `maxDelayMs`, kills it; returns the last number it acknowledged. */
export function killAtRandom(script: string, args: string[], maxDelayMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let last: number | null = null;
    let buffer = '';
    let stderr = '';
    // A child that never acknowledges a step is killed all the same; the test then checks what it left.
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === 'start') continue;
        // Timed from the first acknowledged step, not from the start: however loaded the machine,
        // every kill lands while the child is at work, never before it began.
        if (last === null) setTimeout(() => child.kill('SIGKILL'), Math.random() * maxDelayMs);
        last = Number(line);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself: ${stderr}`));
      else resolve(last);
    });
  });
}
