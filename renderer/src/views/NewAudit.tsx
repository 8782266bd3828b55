// New audit: a template from the gallery (its pillars and what it needs), a folder, and a form of
// its parameters with the defaults shown — lists as comma-separated items, secrets as a reference
// to an environment variable or a keychain entry. Nothing is written until Create, and a refusal
// is shown here, at the form, with the form kept.
import { useEffect, useMemo, useState } from 'react';
import type { TemplateSummary } from '../../../core/templates/template';
import { call } from '../api';
import { openWorkbook } from '../actions';
import { parseReference, referenceProblem, SecretReference, useSecretPlace } from '../components/SecretReference';
import { useStore } from '../store';

const shown = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : (value ?? ''));

export function NewAudit({ close }: { close: () => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [name, setName] = useState('');
  const [dir, setDir] = useState('');
  const [title, setTitle] = useState('');
  const [auditor, setAuditor] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  /** Secret values entered for keychain references, by parameter: stored at Create, never in the workbook. */
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const place = useSecretPlace();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('template:list', {}).then(
      (r) => {
        setTemplates(r.details);
        setName(r.details[0]?.name ?? '');
      },
      (e: Error) => setError(e.message),
    );
  }, []);
  const template = useMemo(() => templates?.find((t) => t.name === name) ?? null, [templates, name]);
  // Each template starts from its own defaults.
  useEffect(() => {
    if (!template) return;
    setValues(
      Object.fromEntries(template.parameters.map((p) => [p.name, p.secret ? shown(p.default) || `env:${p.name}` : shown(p.default)])),
    );
  }, [template]);

  const create = async () => {
    if (!template) return;
    if (!dir.trim()) return setError('Give the folder to create the workbook in.');
    const unusable = template.parameters.find((p) => p.secret && referenceProblem(values[p.name] ?? ''));
    if (unusable) return setError(`parameter ${unusable.name}: give ${referenceProblem(values[unusable.name] ?? '')}`);
    setBusy(true);
    setError(null);
    try {
      // Only what differs from the template's defaults is sent: the rest is the template's own.
      const params = Object.fromEntries(
        template.parameters
          .filter((p) => values[p.name] !== (p.secret ? shown(p.default) || `env:${p.name}` : shown(p.default)))
          .map((p) => [p.name, values[p.name] ?? '']),
      );
      await call('workbook:new', {
        dir: dir.trim(),
        template: template.name,
        params,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(auditor.trim() ? { auditor: auditor.trim() } : {}),
      });
      for (const p of template.parameters) {
        const reference = parseReference(values[p.name] ?? '');
        const value = secrets[p.name];
        if (p.secret && reference.kind === 'keychain' && value) await call('secret:set', { name: reference.name, value });
      }
      await openWorkbook(dir.trim());
      // Before the first run, the auditor sees what can run here and what is missing.
      if (useStore.getState().dir === dir.trim()) useStore.getState().showReadiness();
      close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="dialog new-audit" role="dialog" aria-modal="true" aria-label="New audit">
        <h2>New audit</h2>
        {!templates && !error ? <p className="muted">Loading the templates…</p> : null}
        {templates ? (
          <div className="dialog-body">
            <label>
              Template
              <select value={name} onChange={(e) => setName(e.target.value)} aria-label="Template">
                {templates.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.title} ({t.name})
                  </option>
                ))}
              </select>
            </label>
            {template ? (
              <p className="small muted">
                {template.description} Pillars: {template.pillars.map((p) => `${p.number}. ${p.name}`).join(' · ')}.
              </p>
            ) : null}
            <label>
              Folder
              <input
                value={dir}
                onChange={(e) => setDir(e.target.value)}
                placeholder="/home/me/audits/acme-mlflow"
                aria-label="Folder of the new workbook"
              />
            </label>
            <label>
              Title
              <input
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder={template?.title ?? ''}
                aria-label="Title of the audit"
              />
            </label>
            <label>
              Auditor (DRI)
              <input
                value={auditor}
                onChange={(e) => setAuditor(e.target.value)}
                placeholder="Name (role)"
                aria-label="Auditor of the audit"
              />
            </label>
            {template ? (
              <fieldset className="params-form">
                <legend>Parameters — the defaults fit a stock MLflow; change what differs in yours</legend>
                {template.parameters.map((p) => (
                  <label key={p.name} title={p.description}>
                    <span className="mono">{p.name}</span>
                    {p.secret ? (
                      <SecretReference
                        parameter={p.name}
                        reference={values[p.name] ?? ''}
                        onReference={(reference) => setValues({ ...values, [p.name]: reference })}
                        value={secrets[p.name] ?? ''}
                        onValue={(value) => setSecrets({ ...secrets, [p.name]: value })}
                        place={place}
                      />
                    ) : (
                      <input
                        value={values[p.name] ?? ''}
                        onChange={(e) => setValues({ ...values, [p.name]: e.target.value })}
                        aria-label={`parameter ${p.name}`}
                        placeholder={p.list ? 'items, separated by commas' : ''}
                      />
                    )}
                    <span className="small muted">
                      {p.secret
                        ? `Secret: the workbook keeps the reference, never the value${p.required ? '; required' : '; optional'}. `
                        : p.list
                          ? 'A list, comma-separated. '
                          : ''}
                      {p.description}
                    </span>
                  </label>
                ))}
              </fieldset>
            ) : null}
          </div>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button className="primary" disabled={!template || busy} onClick={() => void create()}>
            {busy ? 'Creating…' : 'Create'}
          </button>
          <button onClick={close}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
