// Parameters (values, lists, or references to secrets: an environment variable or a keychain entry —
// never the secret itself), the readiness of every evidence cell (doctor), and the weights of the
// composite score.
import { useEffect, useState } from 'react';
import type { DoctorFinding } from '../../../core/evidence/readiness';
import { parseListValue } from '../../../core/evidence/substitution';
import { RISK_DIMENSIONS } from '../../../core/scoring';
import type { Parameter, Weights, Workbook } from '../../../core/workbook/schema';
import { purgeSecret } from '../actions';
import { call } from '../api';
import { useStore } from '../store';

export function Parameters({ wb }: { wb: Workbook }) {
  const edit = useStore((s) => s.edit);
  const setParam = (parameter: Parameter, typing?: string) => edit({ kind: 'parameter', parameter, ...(typing ? { typing } : {}) });
  const setWeight = (key: keyof Weights, value: number) => edit({ kind: 'weight', key, value, typing: 'weight' });
  return (
    <div className="page">
      <h1>Parameters</h1>
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
                  <SecretRef param={p} />
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

function SecretRef({ param }: { param: Parameter }) {
  const notify = useStore((s) => s.notify);
  const [value, setValue] = useState('');
  const ref = param.secret!;
  if ('env' in ref)
    return (
      <span className="small">
        environment variable <span className="mono">{ref.env}</span>
      </span>
    );
  return (
    <span className="small secret">
      keychain entry <span className="mono">{ref.keychain}</span>
      <input
        type="password"
        autoComplete="off"
        placeholder="store a value in the OS keychain"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-label={`secret for ${param.name}`}
      />
      <button
        disabled={!value}
        onClick={async () => {
          try {
            await call('secret:set', { name: ref.keychain, value });
            notify('info', `Stored in the OS keychain as ${ref.keychain}; the workbook keeps only the reference.`);
          } catch (e) {
            notify('error', (e as Error).message);
          } finally {
            setValue('');
          }
        }}
      >
        Store
      </button>
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
                  {f.says}
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
