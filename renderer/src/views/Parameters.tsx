// Parameters (values, lists, or references to secrets: an environment variable or a keychain entry —
// never the secret itself), the readiness of every evidence cell (doctor), and the weights of the
// composite score.
import { useEffect, useState } from 'react';
import type { DoctorFinding } from '../../../core/evidence/readiness';
import { parseListValue } from '../../../core/evidence/substitution';
import { RISK_DIMENSIONS } from '../../../core/scoring';
import { secretNameProblem, type Parameter, type Weights, type Workbook } from '../../../core/workbook/schema';
import { purgeSecret } from '../actions';
import { call } from '../api';
import { PLACE_WORDS, parseReference, SecretReference, useSecretPlace } from '../components/SecretReference';
import { useStore } from '../store';

export function Parameters({ wb }: { wb: Workbook }) {
  const edit = useStore((s) => s.edit);
  const setParam = (parameter: Parameter, typing?: string) => edit({ kind: 'parameter', parameter, ...(typing ? { typing } : {}) });
  const setWeight = (key: keyof Weights, value: number) => edit({ kind: 'weight', key, value, typing: 'weight' });
  const setAudit = (field: 'title' | 'scope' | 'auditor', value: string) =>
    edit({ kind: 'audit', patch: { [field]: value }, typing: field });
  return (
    <div className="page">
      <h1>Parameters</h1>
      <section aria-label="The audit">
        <h2>The audit</h2>
        <div className="field-grid audit-fields">
          <label>
            Title
            <input value={wb.title} onChange={(e) => setAudit('title', e.target.value)} aria-invalid={!wb.title.trim()} />
            {!wb.title.trim() ? (
              <span className="error-text small" role="alert">
                An audit needs a title: it heads the report and names the issues.
              </span>
            ) : null}
          </label>
          <label>
            Auditor (DRI)
            <input value={wb.auditor} onChange={(e) => setAudit('auditor', e.target.value)} placeholder="Name (role)" />
          </label>
          <label className="wide">
            Scope
            <input value={wb.scope} onChange={(e) => setAudit('scope', e.target.value)} placeholder="What the audit covers" />
          </label>
        </div>
      </section>
      <table className="list params">
        <thead>
          <tr>
            <th>Name</th>
            <th>Value or secret reference</th>
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {wb.parameters.map((p) => (
            <tr key={p.name}>
              <td className="mono">{p.name}</td>
              <td>
                {p.secret ? (
                  <SecretRef param={p} onChange={(parameter) => setParam(parameter)} />
                ) : p.values ? (
                  <ListInput param={p} onCommit={(values) => setParam({ ...p, values })} />
                ) : (
                  <input
                    value={p.value ?? ''}
                    onChange={(e) => setParam({ ...p, value: e.target.value }, 'value')}
                    aria-label={`value of ${p.name}`}
                  />
                )}
              </td>
              <td className="small">
                {p.description}
                {p.required ? <strong> Required.</strong> : null}
                {p.values ? <span className="muted"> A list: separate the items with commas.</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Doctor />
      <section aria-label="Purge a secret">
        <h2>A secret got into the evidence?</h2>
        <p className="muted small">
          Redaction removes the secrets it recognises before anything is stored. One it could not know can be purged from the working copy,
          the evidence, the published versions and the exports, with a signed record of the purge.
        </p>
        <button onClick={() => void purgeSecret()}>Purge a secret…</button>
      </section>
      <h2>Weights of the composite score</h2>
      <div className="field-grid">
        {RISK_DIMENSIONS.map(([key, label]) => (
          <label key={key}>
            {label}
            <input type="number" min={0} step={0.1} value={wb.weights[key]} onChange={(e) => setWeight(key, Number(e.target.value))} />
          </label>
        ))}
      </div>
      <p className="muted small">
        Composite = Σ weight × level (Low 1, Med 2, High 3) / Σ weights. Changing a weight re-orders the backlog at once.
      </p>
    </div>
  );
}

/** A secret's reference (changeable) and, for a keychain entry, whether it is set here and a field to enter it. */
function SecretRef({ param, onChange }: { param: Parameter; onChange: (parameter: Parameter) => void }) {
  const notify = useStore((s) => s.notify);
  const place = useSecretPlace();
  const ref = param.secret!;
  const reference = 'env' in ref ? `env:${ref.env}` : `keychain:${ref.keychain}`;
  const [draft, setDraft] = useState(reference);
  const [value, setValue] = useState('');
  const [stored, setStored] = useState<boolean | null>(null);
  useEffect(() => setDraft(reference), [reference]);
  useEffect(() => {
    if (!('keychain' in ref) || !place || place === 'none') return setStored(null);
    let live = true;
    void call('secret:list', {}).then(
      (r) => live && setStored(r.names.includes(ref.keychain)),
      () => live && setStored(null),
    );
    return () => {
      live = false;
    };
    // The reference's text, not the object: a new object after every edit is the same entry.
  }, [reference, place]);
  const parsed = parseReference(draft);
  // A reference is committed once its name is valid; a half-typed one stays in the field only.
  const commitReference = (text: string) => {
    setDraft(text);
    const next = parseReference(text);
    if (secretNameProblem(next.kind, next.name) || text === reference) return;
    onChange({ ...param, secret: next.kind === 'env' ? { env: next.name } : { keychain: next.name } });
  };
  const store = async () => {
    try {
      await call('secret:set', { name: parsed.name, value });
      setStored(true);
      notify('info', `Kept in ${PLACE_WORDS[place ?? 'none']} as ${parsed.name}; the workbook keeps only the reference.`);
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setValue('');
    }
  };
  return (
    <span className="small secret">
      <SecretReference
        parameter={param.name}
        reference={draft}
        onReference={commitReference}
        value={value}
        onValue={setValue}
        place={place}
      />
      {parsed.kind === 'keychain' ? (
        <>
          <button
            disabled={!value || place === 'none' || secretNameProblem(parsed.kind, parsed.name) !== null}
            onClick={() => void store()}
          >
            Store
          </button>
          {stored !== null ? <span className={stored ? 'ok-text' : 'muted'}>{stored ? 'set here' : 'not set here'}</span> : null}
        </>
      ) : null}
    </span>
  );
}

/** A list parameter edited as comma-separated text, committed when the field is left (typing "a," keeps its comma). */
function ListInput({ param, onCommit }: { param: Parameter; onCommit: (values: string[]) => void }) {
  const shown = (param.values ?? []).join(', ');
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = () => {
    const values = parseListValue(text);
    if (values.join(', ') !== shown) onCommit(values);
    else setText(shown);
  };
  return (
    <input
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-label={`values of ${param.name}, comma-separated`}
    />
  );
}

const STATUS_LABEL: Record<DoctorFinding['status'], string> = { ready: 'ready', skip: 'left out', blocked: 'blocked' };

/** Before a run: which evidence cells can run here, and the fix for those that cannot (`audit-workbench doctor`). */
function Doctor() {
  const dir = useStore((s) => s.dir);
  const [findings, setFindings] = useState<DoctorFinding[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Right after New audit the check runs by itself; opening a workbook never connects anywhere unasked.
  useEffect(() => {
    if (!useStore.getState().readinessOnOpen) return;
    useStore.setState({ readinessOnOpen: false });
    void check();
  }, []);
  const check = async () => {
    if (!dir) return;
    setBusy(true);
    setError(null);
    try {
      await useStore.getState().saveNow();
      setFindings((await call('workbook:doctor', { dir })).findings);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="Readiness of the evidence cells">
      <h2>Can the evidence run here?</h2>
      <p className="muted small">
        Checks every evidence cell before a run: parameters and secrets set, host reachable (a connection attempt, nothing sent), tool
        installed, folder present.
      </p>
      <button onClick={() => void check()} disabled={busy}>
        {busy ? 'Checking…' : 'Check readiness'}
      </button>
      {error ? <p className="error">{error}</p> : null}
      {findings ? (
        <table className="list doctor">
          <thead>
            <tr>
              <th>Cell</th>
              <th>Pillar</th>
              <th>State</th>
              <th>What and how to fix it</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.cell} className={`doctor-${f.status}`}>
                <td className="mono">{f.cell}</td>
                <td>{f.pillar}</td>
                <td>{STATUS_LABEL[f.status]}</td>
                <td className="small">
                  {f.status === 'ready' && f.says === 'ready' ? null : f.says}
                  {f.fix ? <div className="muted">Fix: {f.fix}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
