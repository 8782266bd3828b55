// One clear sentence for each way a process can fail to give evidence.
import type { ProcessResult } from '../runners/process';
import type { RunLimits } from './context';

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export function describeStop(result: ProcessResult, program: string, limits: RunLimits): string | null {
  switch (result.stopped) {
    case 'timeout':
      return `${program} did not finish within ${limits.timeoutMs / 1000} s and was stopped`;
    case 'too-big':
      return `${program} printed more than the ${mb(limits.maxOutputBytes)} output cap; narrow the command`;
    case 'cancelled':
      return `${program} was cancelled`;
    case 'spawn-failed':
      return `${program} could not be started: ${result.spawnError ?? 'unknown error'}`;
    default:
      return null;
  }
}

export { mb as megabytes };
