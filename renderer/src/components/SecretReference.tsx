// A secret parameter's reference, chosen as an environment variable or a keychain entry, and — for a
// keychain entry — the value entered here. The workbook keeps only the reference; the value goes to
// the app's keychain (the OS keychain in the desktop app, the server's memory in the browser shell).
import { useEffect, useState } from 'react';
import type { Responses } from '../../../core/contract';
import { secretNameProblem } from '../../../core/workbook/schema';
import { appInfo } from '../api';

export type SecretPlace = Responses['app:info']['secrets'];

/** "env:NAME" / "keychain:ENTRY", the form templates and the CLI take. */
export const parseReference = (text: string): { kind: 'env' | 'keychain'; name: string } => {
  const [kind, ...rest] = text.split(':');
  return kind === 'keychain' ? { kind, name: rest.join(':') } : { kind: 'env', name: kind === 'env' ? rest.join(':') : text };
};

/** Why "env:NAME" / "keychain:ENTRY" cannot be used; null when it can. */
export const referenceProblem = (text: string): string | null => {
  const { kind, name } = parseReference(text);
  return secretNameProblem(kind, name);
};

export const PLACE_WORDS: Record<SecretPlace, string> = {
  'os-keychain': 'the OS keychain',
  memory: "this server's memory until it stops (never written)",
  none: 'nowhere: this app has no keychain',
};

/** Where entered secrets go, once known. */
export function useSecretPlace(): SecretPlace | null {
  const [place, setPlace] = useState<SecretPlace | null>(null);
  useEffect(() => {
    let live = true;
    appInfo().then(
      (i) => live && setPlace(i.secrets),
      () => live && setPlace('none'),
    );
    return () => {
      live = false;
    };
  }, []);
  return place;
}

export function SecretReference({
  parameter,
  reference,
  onReference,
  value,
  onValue,
  place,
}: {
  parameter: string;
  reference: string;
  onReference: (reference: string) => void;
  value: string;
  onValue: (value: string) => void;
  place: SecretPlace | null;
}) {
  const { kind, name } = parseReference(reference);
  const problem = referenceProblem(reference);
  return (
    <span className="secret-ref">
      <select
        value={kind}
        onChange={(e) => onReference(`${e.target.value}:${name || parameter}`)}
        aria-label={`where the secret ${parameter} comes from`}
      >
        <option value="env">environment variable</option>
        <option value="keychain" disabled={place === 'none'}>
          entered here (keychain entry)
        </option>
      </select>
      <input
        className="mono"
        value={name}
        onChange={(e) => onReference(`${kind}:${e.target.value}`)}
        aria-label={kind === 'env' ? `environment variable of ${parameter}` : `keychain entry of ${parameter}`}
        aria-invalid={problem !== null}
      />
      {kind === 'keychain' ? (
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(e) => onValue(e.target.value)}
          placeholder={place ? `kept in ${PLACE_WORDS[place]}` : ''}
          aria-label={`secret value of ${parameter}`}
        />
      ) : null}
      {problem ? (
        <span className="error-text small" role="alert">
          Give {problem}.
        </span>
      ) : null}
    </span>
  );
}
