// The renderer's only way out: the API contract, over Electron IPC when the preload exposed it,
// otherwise over HTTP to the browser shell with the per-launch token the server put in the page.
import {
  CHANNELS,
  TOKEN_HEADER,
  WRITES_WORKBOOK,
  type Api,
  type Channel,
  type DesktopBridge,
  type ErrorKind,
  type Request,
  type Responses,
  type Result,
} from '../../core/contract';

declare global {
  interface Window {
    auditWorkbench?: DesktopBridge;
  }
}

function httpApi(token: string): Api {
  const entries = CHANNELS.map((channel) => [
    channel,
    async (request: unknown): Promise<Result<unknown>> => {
      try {
        const res = await fetch(`./api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(request ?? {}),
        });
        return (await res.json()) as Result<unknown>;
      } catch {
        return { error: { kind: 'failed', message: 'the workbench server does not answer; is `npm run web` still running?' } };
      }
    },
  ]);
  return Object.fromEntries(entries) as Api;
}

const token = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_HEADER}"]`)?.content ?? '';

export const bridge: DesktopBridge = window.auditWorkbench ?? { api: httpApi(token), onMenuCommand: () => () => undefined };
/** The desktop app (Electron's preload gave the bridge), not the browser shell. */
export const isDesktop = window.auditWorkbench !== undefined;

export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
  }
}

/** Requests in flight that may write workbook.json, and when the last of them ended (see `quietSince`). */
let writing = 0;
let lastWriteEnded = 0;
/** True when no request of this window wrote workbook.json at or after `since` (a performance.now() time). */
export const quietSince = (since: number) => writing === 0 && lastWriteEnded < since;

/** Calls a channel; a failure becomes an ApiError carrying the handler's one clear message. */
export async function call<C extends Channel>(channel: C, request: Request<C>): Promise<Responses[C]> {
  const writes = WRITES_WORKBOOK.has(channel);
  if (writes) writing++;
  try {
    const result = await (bridge.api[channel] as (r: Request<C>) => Promise<Result<Responses[C]>>)(request);
    if ('error' in result) throw new ApiError(result.error.message, result.error.kind);
    return result.data;
  } finally {
    if (writes) {
      writing--;
      lastWriteEnded = performance.now();
    }
  }
}

let info: Promise<Responses['app:info']> | undefined;
/** What this app is and where it keeps entered secrets; asked once. */
export const appInfo = (): Promise<Responses['app:info']> => (info ??= call('app:info', {}));
