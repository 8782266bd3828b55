// While a cell runs, a status line on the terminal says which one and for how long, so that a
// slow server or a long query is visibly at work; nothing is shown when stderr is not a terminal.
import type { Io } from './args';

export function cellProgress(io: Io) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    if (timer === undefined) return;
    clearInterval(timer);
    timer = undefined;
    io.status?.(null);
  };
  return {
    start(cell: string, index: number, total: number) {
      if (!io.status) return;
      stop();
      const started = Date.now();
      const show = () => io.status?.(`[${index + 1}/${total}] ${cell} … ${Math.floor((Date.now() - started) / 1000)} s`);
      show();
      timer = setInterval(show, 1000);
      timer.unref();
    },
    stop,
  };
}
