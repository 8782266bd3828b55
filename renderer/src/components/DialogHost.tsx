// Renders the open dialog (store/dialog.ts): Enter picks the first action, Escape dismisses.
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store';
import type { DialogSpec } from '../store/dialog';

export function DialogHost() {
  const open = useStore((s) => s.dialog);
  const close = useStore((s) => s.close);
  // A fresh box per dialog, so its field starts with the dialog's value before anyone types.
  return open ? <DialogBox key={open.id} spec={open} close={close} /> : null;
}

function DialogBox({ spec, close }: { spec: DialogSpec; close: (answer: { action: string; value: string } | null) => void }) {
  const [value, setValue] = useState(spec.field?.value ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const focusField = () => (spec.field?.multiline ? area.current : field.current)?.focus();
  useEffect(() => (spec.field ? focusField() : first.current?.focus()), [spec.field]);
  const answer = async (action: string) => {
    if (busy) return;
    if (!spec.submit || action === 'cancel') return close({ action, value });
    setBusy(true);
    const refused = await spec.submit({ action, value }).catch((error: unknown) => (error as Error).message);
    setBusy(false);
    if (refused === null) return close({ action, value });
    setProblem(refused);
    focusField();
  };
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close(null)}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={spec.title}>
        <h2>{spec.title}</h2>
        {spec.body ? <div className="dialog-body">{spec.body}</div> : null}
        {spec.field ? (
          <label>
            {spec.field.label}
            {spec.field.multiline ? (
              <textarea
                ref={area}
                value={value}
                rows={12}
                className="mono"
                placeholder={spec.field.placeholder}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? 'dialog-problem' : undefined}
                onChange={(e) => setValue(e.target.value)}
              />
            ) : (
              <input
                ref={field}
                value={value}
                type={spec.field.secret ? 'password' : 'text'}
                autoComplete="off"
                placeholder={spec.field.placeholder}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? 'dialog-problem' : undefined}
                onChange={(e) => setValue(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && void answer(spec.actions[0]!.id)}
              />
            )}
          </label>
        ) : null}
        {problem ? (
          <p id="dialog-problem" className="field-problem" role="alert">
            {problem}
          </p>
        ) : null}
        <div className="dialog-actions">
          {spec.actions.map((a, i) => (
            <button
              key={a.id}
              ref={i === 0 ? first : undefined}
              className={a.tone ?? ''}
              disabled={busy && a.id !== 'cancel'}
              onClick={() => void answer(a.id)}
            >
              {busy && i === 0 ? 'Working…' : a.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
