// Parameters (values, or references to secrets: an environment variable or a keychain entry —
// never the secret itself) and the weights of the composite score.
import { useState } from 'react';
import { RISK_DIMENSIONS } from '../../../core/scoring';
import type { Parameter, Weights, Workbook } from '../../../core/workbook/schema';
import { call } from '../api';
import { useUi } from '../store/ui';
import { useWorkbook } from '../store/workbook';

export function Parameters({ wb }: { wb: Workbook }) {
  const edit = useWorkbook((s) => s.edit);
  const setParam = (name: string, next: Parameter, label: string) =>
    edit(label, (w) => ({ ...w, parameters: w.parameters.map((p) => (p.name === name ? next : p)) }));
  const setWeight = (key: keyof Weights, value: number) =>
    edit(`weight ${key}`, (w) => ({ ...w, weights: { ...w.weights, [key]: value } }));
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
                ) : (
                  <input
                    value={p.value ?? ''}
                    onChange={(e) => setParam(p.name, { ...p, value: e.target.value }, `set ${p.name}`)}
                    aria-label={`value of ${p.name}`}
                  />
                )}
              </td>
              <td className="small">{p.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
  const notify = useUi((s) => s.notify);
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
