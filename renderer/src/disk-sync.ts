// workbook.json changed by someone else — another window, a command, a git pull: the window notices
// within seconds (it polls the file's revision; a file watcher cannot reach the browser shell's page)
// and either shows the new state (nothing unsaved here) or stops saving and offers a merge.
import { createElement } from 'react';
import type { Conflict } from '../../core/merge';
import { call, quietSince } from './api';
import { ask, notify, useStore } from './store';

const POLL_MS = 2000;

/** Starts watching the open workbook's file; returns the function that stops it. */
export function watchWorkbookFile(): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = async () => {
    const { dir, base, save } = useStore.getState();
    // A save or run of this window may be writing the file right now: its own change is not news.
    const started = performance.now();
    if (!dir || !base || save.kind === 'saving' || !quietSince(started)) return;
    const { revision } = await call('workbook:revision', { dir });
    const now = useStore.getState();
    if (revision === now.base || now.dir !== dir || now.base !== base || !quietSince(started)) return;
    const wasSaved = now.save.kind === 'saved';
    await now.changedOnDisk();
    if (wasSaved) notify('info', 'workbook.json changed on disk (another window, a git pull, an editor): this is it now.');
  };
  const loop = () => {
    if (stopped) return;
    timer = setTimeout(
      () =>
        void check()
          .catch(() => undefined)
          .finally(loop),
      POLL_MS,
    );
  };
  const onFocus = () => void check().catch(() => undefined);
  window.addEventListener('focus', onFocus);
  loop();
  return () => {
    stopped = true;
    clearTimeout(timer);
    window.removeEventListener('focus', onFocus);
  };
}

const shown = (value: unknown) => {
  const text = value === undefined ? '(absent)' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** The conflict banner's Merge: the edits here and the file as it is now, field by field; a field changed on both sides is asked. */
export async function mergeWithSaved(): Promise<void> {
  const store = useStore.getState();
  try {
    const conflicts = await store.merge();
    if (!conflicts.length) return notify('info', 'Merged: the changes made elsewhere and yours are both kept, and saved.');
    const answer = await ask({
      title: `${conflicts.length} ${conflicts.length === 1 ? 'field was' : 'fields were'} changed here and elsewhere`,
      body: createElement(ConflictList, { conflicts }),
      actions: [
        { id: 'mine', label: 'Keep mine for these', tone: 'primary' },
        { id: 'theirs', label: 'Take theirs for these' },
        { id: 'cancel', label: 'Cancel' },
      ],
    });
    if (answer?.action !== 'mine' && answer?.action !== 'theirs') return;
    await store.merge(answer.action);
    notify(
      'info',
      `Merged and saved; ${conflicts.length} conflicting ${conflicts.length === 1 ? 'field' : 'fields'} took ${answer.action}.`,
    );
  } catch (error) {
    notify('error', `Not merged: ${(error as Error).message}`);
  }
}

function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  return createElement(
    'ul',
    { className: 'conflicts' },
    conflicts.map((c) =>
      createElement(
        'li',
        { key: c.path },
        createElement('span', { className: 'mono' }, c.path),
        createElement('div', { className: 'small' }, `here: ${shown(c.ours)}`),
        createElement('div', { className: 'small muted' }, `elsewhere: ${shown(c.theirs)}`),
      ),
    ),
  );
}
