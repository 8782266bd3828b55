// The application menu as data: every item's label, shortcut and command per platform; the Open
// Recent list as kept on disk; the launch argument; which links may leave the app.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/workbooks';
import { launchDir } from './launch';
import { externalLink } from './links';
import { applicationMenu, type MenuItemSpec, type MenuState } from './menu';
import { MAX_RECENT, readRecent, withRecent, writeRecent } from './recent';

const state = (fields: Partial<MenuState> = {}): MenuState => ({
  platform: 'linux',
  appName: 'Audit Workbench',
  recent: [],
  current: null,
  isPackaged: true,
  ...fields,
});

/** Each item as one line: label, shortcut and what it does. */
function lines(items: MenuItemSpec[], indent = ''): string[] {
  return items.flatMap((item) => {
    if ('separator' in item) return [`${indent}---`];
    if ('role' in item) return [`${indent}(${item.role})`];
    if ('submenu' in item) return [`${indent}${item.label}`, ...lines(item.submenu, `${indent}  `)];
    if ('action' in item) {
      const a = item.action;
      const does =
        a.kind === 'send'
          ? `send ${a.command}`
          : a.kind === 'choose-folder'
            ? `folder → ${a.command}`
            : a.kind === 'open-recent'
              ? `open ${a.dir}`
              : a.kind === 'reveal'
                ? `reveal ${a.dir}`
                : a.kind;
      return [`${indent}${item.label}${item.accelerator ? ` [${item.accelerator}]` : ''} → ${does}`];
    }
    return [`${indent}${item.label} (disabled)`];
  });
}

describe('application menu', () => {
  it('has the File and Edit commands with their shortcuts (Linux and Windows)', () => {
    expect(lines(applicationMenu(state({ recent: ['/w/a', '/w/R&D'], current: '/w/a' })))).toEqual([
      'File',
      '  New Audit… [CmdOrCtrl+N] → send new',
      '  Open… [CmdOrCtrl+O] → folder → open',
      '  Open Recent',
      '    /w/a → open /w/a',
      '    /w/R&&D → open /w/R&D',
      '    ---',
      '    Clear Recent → clear-recent',
      '  ---',
      '  Save [CmdOrCtrl+S] → send save',
      '  Publish Version… [CmdOrCtrl+Shift+P] → send publish',
      '  ---',
      '  Export Report… [CmdOrCtrl+E] → send export-report',
      '  Export Issues… [CmdOrCtrl+Shift+E] → send export-issues',
      '  Push Issues to GitHub… → send push-issues',
      '  ---',
      '  Reveal in Folder → reveal /w/a',
      '  ---',
      '  (quit)',
      'Edit',
      '  Undo [CmdOrCtrl+Z] → send undo',
      '  Redo [Ctrl+Y] → send redo',
      '  ---',
      '  (cut)',
      '  (copy)',
      '  (paste)',
      '  (selectAll)',
      'View',
      '  Backlog & top risks [Alt+1] → send show-backlog',
      '  Risk matrix [Alt+2] → send show-matrix',
      '  Verdicts [Alt+3] → send show-verdicts',
      '  Parameters & weights [Alt+4] → send show-parameters',
      '  Report preview [Alt+5] → send show-report',
      '  Versions & committee [Alt+6] → send show-delta',
      '  Controls overview [Alt+7] → send show-controls',
      '  ---',
      '  (resetZoom)',
      '  (zoomIn)',
      '  (zoomOut)',
      '  ---',
      '  (togglefullscreen)',
    ]);
  });

  it('puts Quit in the application menu on macOS, with its own Redo and Reveal labels', () => {
    const mac = lines(applicationMenu(state({ platform: 'darwin' })));
    expect(mac.slice(0, 11)).toEqual([
      'Audit Workbench',
      '  (about)',
      '  ---',
      '  (services)',
      '  ---',
      '  (hide)',
      '  (hideOthers)',
      '  (unhide)',
      '  ---',
      '  (quit)',
      'File',
    ]);
    expect(mac.filter((l) => l.includes('(quit)'))).toHaveLength(1);
    expect(mac).toContain('  Redo [Cmd+Shift+Z] → send redo');
    expect(mac).toContain('  Reveal in Finder (disabled)');
    expect(mac.at(-1)).toBe('(windowMenu)');
  });

  it('disables Reveal without a workbook, shows an empty Open Recent, and developer tools only unpackaged', () => {
    const items = lines(applicationMenu(state({ platform: 'win32', isPackaged: false })));
    expect(items).toContain('  Reveal in File Explorer (disabled)');
    expect(items).toContain('    No Recent Workbooks (disabled)');
    expect(items).toContain('  (toggleDevTools)');
    expect(lines(applicationMenu(state()))).not.toContain('  (toggleDevTools)');
  });

  it('binds every shortcut once', () => {
    const shortcuts = lines(applicationMenu(state())).flatMap((l) => /\[(.+)\]/.exec(l)?.[1] ?? []);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
  });
});

describe('open recent', () => {
  it('keeps the newest first, without duplicates, capped, and survives a damaged file', async () => {
    const tmp = await tempDir('aw-recent-');
    try {
      const file = join(tmp.dir, 'user-data', 'recent.json');
      expect(await readRecent(file)).toEqual([]);
      let list: string[] = [];
      for (let i = 0; i < MAX_RECENT + 3; i++) list = withRecent(list, `/w/${i}`);
      list = withRecent(list, '/w/5');
      expect(list[0]).toBe('/w/5');
      expect(list).toHaveLength(MAX_RECENT);
      expect(new Set(list).size).toBe(MAX_RECENT);
      await writeRecent(file, list);
      expect(await readRecent(file)).toEqual(list);
      await writeFile(file, JSON.stringify({ version: 1, folders: ['relative/path', '/w/a', '/w/a', '/w/b'] }));
      expect(await readRecent(file)).toEqual(['/w/a', '/w/b']);
      for (const bad of ['{', '{"version":1,"folders":"x"}', '{"version":9,"folders":[]}', '[]']) {
        await writeFile(file, bad);
        expect(await readRecent(file)).toEqual([]);
      }
      expect(await readFile(file, 'utf8')).toBe('[]');
    } finally {
      await tmp.cleanup();
    }
  });
});

describe('launch argument', () => {
  it('is the first folder after the app entry, skipping Chromium switches', () => {
    expect(launchDir(['/usr/bin/electron', 'dist/electron/main.cjs'], false, '/home/a')).toBeUndefined();
    expect(
      launchDir(
        ['/usr/bin/electron', '--inspect=0', '--remote-debugging-port=0', 'dist/electron/main.cjs', 'audits/helix'],
        false,
        '/home/a',
      ),
    ).toBe('/home/a/audits/helix');
    expect(launchDir(['/opt/Audit Workbench/audit-workbench', '--no-sandbox', '/srv/audit'], true, '/home/a')).toBe('/srv/audit');
    expect(launchDir(['/opt/Audit Workbench/audit-workbench'], true)).toBeUndefined();
  });
});

describe('external links', () => {
  it('offers https only, and nothing carrying credentials', () => {
    expect(externalLink('https://mlflow.org/docs/latest/')).toBe('https://mlflow.org/docs/latest/');
    for (const url of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://workbench/index.html',
      'https://user:pw@example.com/',
      'data:text/html,x',
      'not a url',
    ])
      expect(externalLink(url)).toBeNull();
  });
});
