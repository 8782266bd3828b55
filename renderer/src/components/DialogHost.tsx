// Renders the open dialog (store/dialog.ts): Enter picks the first action, Escape dismisses.
import { useEffect, useRef, useState } from 'react';
import { useDialog } from '../store/dialog';

export function DialogHost() {
  const { open, close } = useDialog();
  const [value, setValue] = useState('');
  const first = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setValue(open?.field?.value ?? '');
    setTimeout(() => (open?.field ? field.current?.focus() : first.current?.focus()), 0);
  }, [open]);
  if (!open) return null;
  const answer = (action: string) => close({ action, value });
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close(null)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={open.title}>
        <h2>{open.title}</h2>
        {open.body ? <div className="dialog-body">{open.body}</div> : null}
        {open.field ? (
          <label>
            {open.field.label}
            <input ref={field} value={value} placeholder={open.field.placeholder} onChange={(e) => setValue(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && answer(open.actions[0]!.id)} />
          </label>
        ) : null}
        <div className="dialog-actions">
          {open.actions.map((a, i) => (
            <button key={a.id} ref={i === 0 ? first : undefined} className={a.tone ?? ''} onClick={() => answer(a.id)}>
              {a.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
