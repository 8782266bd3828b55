// The read-only policy of shell and kubectl cells: a table of argv allowed and refused, and a fuzz of
// the spellings an option can take (`--opt=x`, `--opt x`, a prefix, bundled or attached short flags).
import { describe, expect, it } from 'vitest';
import type { Cell } from '../workbook/schema';
import { mutationReason, neverRuns, shellHazard } from './policy';

const ALLOWED: string[][] = [
  ['grep', '-rn', 'set_tracking_uri', '--include=*.py', '--', 'src/'],
  ['grep', '-rnE', '-e', 'runs:/', '.'],
  ['rg', '-n', '--glob', '*.py', 'load_model'],
  ['rg', '--passthru', 'x'],
  ['git', 'log', '--oneline', '-n', '20'],
  ['git', 'log', '-p', '-c', '--format=%H %an'],
  ['git', '-C', 'repo', '--no-pager', 'show', 'HEAD:src/x.py'],
  ['git', 'grep', '-n', '-p', 'mlflow'],
  ['find', '.', '-name', '*.pkl', '-newer', 'x'],
  ['sha256sum', '--', 'artifacts/live/model.pkl'],
  ['ls', '-la'],
  ['cat', 'README.md'],
  ['wc', '-l', 'x'],
  // After `--` everything is a path, never an option.
  ['grep', '-rn', 'x', '--', '--output=y', '-O'],
];

const REFUSED: [string[], RegExp][] = [
  [['./grep', 'x'], /a program is named \(grep\), never given by a path/],
  [['/usr/bin/grep', 'x'], /never given by a path/],
  [['sh', '-c', 'id'], /sh is not one of the read-only commands/],
  [['git', 'push'], /git push is not one of git log, git show, git grep/],
  [['git', 'log', '--output=somewhere/x', '-1'], /git log --output=somewhere\/x: writes a file/],
  [['git', 'log', '--output', 'x'], /git log --output/],
  [['git', 'log', '--outp=x'], /git log --outp=x/],
  [['git', 'grep', '-O', 'x'], /git grep -O/],
  [['git', 'grep', '-Ovim', 'x'], /git grep -Ovim/],
  [['git', 'grep', '-nO', 'x'], /git grep -nO/],
  [['git', 'grep', '--open-files-in-pager=vim', 'x'], /open-files-in-pager/],
  [['git', 'log', '--ext-diff'], /--ext-diff/],
  [['git', 'show', '--textconv', 'HEAD'], /--textconv/],
  [['git', '-c', 'alias.log=!sh', 'log'], /git -c: sets configuration/],
  [['git', '-calias.log=!sh', 'log'], /git -calias/],
  [['git', '--config-env=core.pager=X', 'log'], /--config-env/],
  [['git', '--exec-path=/tmp', 'log'], /--exec-path/],
  [['git', '-p', 'log'], /git -p: sets configuration, runs a program or a pager/],
  [['git', '--paginate', 'log'], /--paginate/],
  [['rg', '--pre', 'sh', 'x'], /rg --pre: runs another program/],
  [['rg', '--pre=sh', 'x'], /rg --pre=sh/],
  [['rg', '--pre-glob', '*.py', 'x'], /--pre-glob/],
  [['rg', '-z', 'x'], /rg -z/],
  [['rg', '-nz', 'x'], /rg -nz/],
  [['rg', '--search-zip', 'x'], /--search-zip/],
  [['rg', '--hostname-bin=/bin/sh', 'x'], /--hostname-bin/],
  [['find', '.', '-exec', 'rm', '{}', ';'], /find with an action/],
  [['find', '.', '-execdir', 'sh', ';'], /find with an action/],
  [['find', '.', '-delete'], /find with an action/],
  [['find', '.', '-fprint', 'out'], /find with an action/],
  [['find', '.', '-fls', 'out'], /find with an action/],
  [['find', '.', '-ok', 'rm', ';'], /find with an action/],
];

describe('shell policy', () => {
  it.each(ALLOWED.map((argv) => [argv.join(' '), argv]))('allows %s', (_, argv) => {
    expect(shellHazard(argv as string[])).toBeNull();
  });

  it.each(REFUSED.map(([argv, why]) => [argv.join(' '), argv, why]))('refuses %s', (_, argv, why) => {
    expect(shellHazard(argv as string[])).toMatch(why as RegExp);
  });

  it('refuses every spelling of every refused option (fuzz)', () => {
    // Deterministic pseudo-random choices, so a failure reproduces.
    let seed = 42;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const refused: [string, string[], string, string][] = [
      ['git', ['log'], '--output', 'O'],
      ['git', ['grep'], '--open-files-in-pager', 'O'],
      ['git', ['show'], '--ext-diff', ''],
      ['rg', [], '--pre', 'z'],
      ['rg', [], '--search-zip', 'z'],
    ];
    const harmless = ['-n', '-i', '-r', '--color=never', 'pattern', '-e', 'x'];
    let tried = 0;
    for (let round = 0; round < 400; round++) {
      const [program, sub, long, short] = refused[next(refused.length)]!;
      const spellings = [
        `${long}=v`,
        long,
        `${long.slice(0, Math.max(4, long.length - 1 - next(3)))}=v`, // an unambiguous prefix, as git accepts
        ...(short ? [`-${short}`, `-n${short}`, `-${short}vim`] : []),
      ];
      const option = spellings[next(spellings.length)]!;
      const before = Array.from({ length: next(3) }, () => harmless[next(harmless.length)]!);
      const after = Array.from({ length: next(3) }, () => harmless[next(harmless.length)]!);
      const argv = [program, ...sub, ...before, option, ...(option === long ? ['value'] : []), ...after];
      expect(shellHazard(argv), argv.join(' ')).not.toBeNull();
      tried++;
    }
    expect(tried).toBe(400);
  });
});

describe('kubectl policy', () => {
  const kubectl = (args: string[]) => ({ id: 'k', title: 'k', kind: 'kubectl', args, mutating: true, captures: [] }) as unknown as Cell;
  it('never runs what executes in the cluster or a plugin, even marked mutating; other writes run only when marked', () => {
    for (const verb of ['exec', 'cp', 'port-forward', 'proxy', 'attach', 'debug', 'run']) {
      expect(neverRuns(kubectl([verb, 'pod-0']))).toMatch(/runs something in the cluster or opens a channel/);
    }
    expect(neverRuns(kubectl(['-n', 'ml', 'evil-plugin', 'x']))).toMatch(
      /kubectl evil-plugin is not a kubectl command \(plugins are not run\)/,
    );
    expect(neverRuns(kubectl(['delete', 'pod', 'x']))).toBeNull();
    expect(mutationReason(kubectl(['delete', 'pod', 'x']))).toMatch(/not a reading verb/);
    expect(neverRuns(kubectl(['get', 'pods', '-o', 'json']))).toBeNull();
    expect(mutationReason(kubectl(['get', 'pods', '-o', 'json']))).toBeNull();
  });
});
