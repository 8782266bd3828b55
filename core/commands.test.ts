// One registry for the menu, the keys and the buttons: a key press gives one command, every
// shortcut belongs to one command, and the menu shows the platform's own keys.
import { describe, expect, it } from 'vitest';
import { COMMAND_IDS, COMMANDS, commandForKeys, menuKeys, shortcutText, type KeyPress } from './commands';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('command registry', () => {
  it('maps key presses to commands: Ctrl, or ⌘ on macOS', () => {
    expect(commandForKeys(press('s', { ctrlKey: true }), 'linux')).toBe('save');
    expect(commandForKeys(press('s', { metaKey: true }), 'darwin')).toBe('save');
    expect(commandForKeys(press('s', { metaKey: true }), 'linux')).toBeUndefined();
    // Ctrl+N moves the cursor down in a macOS text field: not New there.
    expect(commandForKeys(press('n', { ctrlKey: true }), 'darwin')).toBeUndefined();
    expect(commandForKeys(press('Z', { metaKey: true, shiftKey: true }), 'darwin')).toBe('redo');
    expect(commandForKeys(press('y', { metaKey: true }), 'darwin')).toBeUndefined();
    expect(commandForKeys(press('P', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('publish');
    expect(commandForKeys(press('e', { ctrlKey: true }), 'linux')).toBe('export-report');
    expect(commandForKeys(press('E', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('export-issues');
    expect(commandForKeys(press('z', { ctrlKey: true }), 'linux')).toBe('undo');
    expect(commandForKeys(press('Z', { ctrlKey: true, shiftKey: true }), 'linux')).toBe('redo');
    expect(commandForKeys(press('y', { ctrlKey: true }), 'linux')).toBe('redo');
    expect(commandForKeys(press('1', { altKey: true }), 'linux')).toBe('show-backlog');
    // macOS: Alt+1 types "¡"; the physical key still says which view.
    expect(commandForKeys(press('¡', { altKey: true, code: 'Digit1' }), 'darwin')).toBe('show-backlog');
    expect(commandForKeys(press('7', { altKey: true }), 'linux')).toBe('show-controls');
    expect(commandForKeys(press('Escape'), 'linux')).toBe('close-panel');
  });

  it('gives nothing for keys that are not shortcuts', () => {
    expect(commandForKeys(press('s'), 'linux')).toBeUndefined();
    expect(commandForKeys(press('S', { ctrlKey: true, shiftKey: true }), 'linux')).toBeUndefined();
    expect(commandForKeys(press('z', { ctrlKey: true, altKey: true }), 'linux')).toBeUndefined();
    expect(commandForKeys(press('8', { altKey: true }), 'linux')).toBeUndefined();
  });

  it('binds every shortcut to one command only', () => {
    // Cmd+Shift+Z and Ctrl+Shift+Z are one key press here, both Redo.
    const byKeys = new Map<string, Set<string>>();
    for (const id of COMMAND_IDS)
      for (const k of (COMMANDS[id] as { keys?: readonly string[] }).keys ?? []) {
        const norm = k.replace(/^(CmdOrCtrl|Cmd|Ctrl)\+/, 'Mod+');
        byKeys.set(norm, (byKeys.get(norm) ?? new Set()).add(id));
      }
    expect(byKeys.size).toBeGreaterThan(10);
    expect([...byKeys].filter(([, ids]) => ids.size > 1)).toEqual([]);
  });

  it("shows each platform's own keys in the menu and the tooltips", () => {
    expect(menuKeys('redo', 'darwin')).toBe('Cmd+Shift+Z');
    expect(menuKeys('redo', 'linux')).toBe('Ctrl+Y');
    expect(menuKeys('push-issues', 'linux')).toBeUndefined();
    expect(shortcutText('publish', 'linux')).toBe('Ctrl+Shift+P');
    expect(shortcutText('publish', 'darwin')).toBe('⌘⇧P');
    expect(shortcutText('reveal', 'linux')).toBe('');
  });
});
