/**
 * Temporary files that must not outlive the process. When SIGINT, SIGTERM or
 * SIGHUP ends a run mid-write, the temp files are removed and the signal is
 * raised again, so the process still ends the way the signal asked.
 */
import { unlinkSync } from 'node:fs';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const live = new Set<string>();

function removeAll(): void {
  for (const file of live) {
    try {
      unlinkSync(file);
    } catch {
      // Not created yet, or renamed into place already: nothing to remove.
    }
  }
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  stopListening();
  process.kill(process.pid, signal);
}

function startListening(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', removeAll);
}

function stopListening(): void {
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener('exit', removeAll);
}

/** Removes `file` if a signal or an exit comes before the returned function is called. */
export function removeOnSignal(file: string): () => void {
  if (live.size === 0) startListening();
  live.add(file);
  return () => {
    live.delete(file);
    if (live.size === 0) stopListening();
  };
}
