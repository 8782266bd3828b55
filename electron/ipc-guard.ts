// The decision behind every IPC call, apart from Electron so that it can be tested with plain
// values: the sender must be the top frame of the app's own window showing a page of the app's
// origin; then `dispatch` validates the request against the contract and runs the handler. A
// sub-frame, another window or a page that navigated elsewhere gets one refusal message.
import type { Result } from '../core/contract';
import { dispatch, type HandlerContext } from '../node/api/handlers';

/** The privileged scheme and host the renderer is served from (see main.ts for why not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** What main knows about who sent an IPC message. */
export interface Sender {
  /** The id of the sending WebContents. */
  webContentsId: number;
  /** The sending frame: null when it navigated away or was destroyed before the message arrived. */
  frame: { url: string; isTop: boolean } | null;
}

/** Whether a URL is a page of the app (WHATWG URLs give custom schemes an opaque origin, so compare parts). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Why a sender is refused, or null when it is the app's own top frame. */
export function senderRefusal(sender: Sender, appWebContentsId: number | undefined): string | null {
  if (appWebContentsId === undefined || sender.webContentsId !== appWebContentsId)
    return 'refused: the request does not come from the app window';
  if (!sender.frame) return 'refused: the sending frame is gone';
  if (!sender.frame.isTop) return 'refused: the request comes from a sub-frame';
  if (!isAppUrl(sender.frame.url)) return `refused: the request comes from a page outside the app (${originOf(sender.frame.url)})`;
  return null;
}

const originOf = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'an unreadable URL';
  }
};

/** Checks the sender, then validates and runs the request. Never throws. */
export async function guardedDispatch(
  channel: string,
  raw: unknown,
  sender: Sender,
  appWebContentsId: number | undefined,
  ctx: Partial<HandlerContext>,
): Promise<Result<unknown>> {
  const refusal = senderRefusal(sender, appWebContentsId);
  if (refusal) return { error: { kind: 'failed', message: refusal } };
  return dispatch(channel, raw, { ...ctx, transport: 'electron' });
}
