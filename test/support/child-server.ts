/**
 * The lifecycle the test servers share: a child process this test run owns,
 * its stderr kept for error messages, a stop that escalates from SIGTERM to
 * SIGKILL, and a last-resort exit hook that kills only our own children and
 * removes their folders.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface ChildServer {
  child: ChildProcess;
  /** The last part of what the process wrote to stderr. */
  stderr(): string;
  isAlive(): boolean;
  /** Why spawning failed, if it did. */
  spawnError(): Error | undefined;
  /** SIGTERM, SIGKILL after 5 s, resolves once the process is gone. */
  kill(): Promise<void>;
  /** Kill the process and remove its folder; idempotent. */
  stop(): Promise<void>;
}

const running = new Set<{ child: ChildProcess; dir: string }>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const { child, dir } of running) {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export function tail(text: string, max = 4000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

/** Starts `command` in the foreground as a child of this process, owning `dir`. */
export function spawnChildServer(command: string, args: string[], dir: string): ChildServer {
  installExitHook();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = tail(stderr + chunk, 16_000);
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const entry = { child, dir };
  running.add(entry);

  const isAlive = () => child.exitCode === null && child.signalCode === null && spawnError === undefined;
  const kill = async () => {
    if (isAlive()) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (isAlive()) child.kill('SIGKILL');
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(entry);
  };
  let stopped: Promise<void> | undefined;
  return {
    child,
    stderr: () => stderr,
    isAlive,
    spawnError: () => spawnError,
    kill,
    stop() {
      stopped ??= (async () => {
        await kill();
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopped;
    },
  };
}

/** An executable on PATH or in the sbin folders Debian installs servers to; undefined when absent. */
export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
