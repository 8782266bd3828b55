// The workbooks opened on this machine, most recent first: one click opens one again.
import { useEffect, useState } from 'react';
import type { Responses } from '../../../core/contract';
import { call } from '../api';

type Recent = Responses['workbook:recent']['workbooks'];

export function RecentWorkbooks({ open, current }: { open: (dir: string) => void; current?: string | null }) {
  const [recent, setRecent] = useState<Recent | null>(null);
  useEffect(() => {
    let live = true;
    call('workbook:recent', {}).then(
      (r) => live && setRecent(r.workbooks),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, []);
  const shown = recent?.filter((w) => w.dir !== current) ?? [];
  if (!shown.length) return null;
  return (
    <nav className="recent-workbooks" aria-label="Recent workbooks">
      <h3>Recent</h3>
      <ul>
        {shown.map((w) => (
          <li key={w.dir}>
            <button className="link" onClick={() => open(w.dir)} title={`Open ${w.dir}`}>
              <strong>{w.title}</strong> <span className="mono small muted">{w.dir}</span>
            </button>
            <span className="small muted"> opened {w.openedAt.slice(0, 16).replace('T', ' ')} UTC</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
