/**
 * The lifecycle the test servers share: a child process this test run owns,
 * its stderr kept for error messages, a stop that escalates from SIGTERM to
 * SIGKILL, and a last-resort exit hook that kills only our own children and
 * removes their folders; and starting on a port that was free, again when
 * another process took it first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, delimiter, join } from 'node:path';

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

/** A port that was free a moment ago: bind port 0 on 127.0.0.1 and give it back. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolvePort(port) : reject(new Error('no port from the OS'))));
    });
  });
}

/** What a launch throws when its server could not bind a port it was given. */
export class PortTakenError extends Error {}

/**
 * Stops a server that did not become ready and returns the error to throw: a
 * PortTakenError when its stderr says a port was taken (startOnFreePort tries
 * again), else one with its stderr and configuration file. `stalled` says why
 * a server that is still running did not answer (given its stderr).
 */
export async function notReadyError(
  proc: ChildServer,
  o: { name: string; command: string; where: string; confFile: string; portTaken: RegExp; stalled: (stderr: string) => string },
): Promise<Error> {
  const wasAlive = proc.isAlive();
  await proc.kill();
  const spawnError = proc.spawnError();
  const stderr = proc.stderr();
  const { child } = proc;
  const why = spawnError
    ? `could not run ${o.command}: ${spawnError.message}`
    : wasAlive
      ? o.stalled(stderr)
      : `${o.name} exited (code ${child.exitCode ?? child.signalCode}) before answering on ${o.where}`;
  if (o.portTaken.test(stderr)) return new PortTakenError(`${why}: port taken`);
  const conf = await readFile(o.confFile, 'utf8').catch(() => '(unreadable)');
  return new Error(`${why}. ${o.name}'s stderr:\n${stderr.trim() || '(empty)'}\n${basename(o.confFile)}:\n${conf}`);
}

/**
 * Runs `launch` (which picks its ports with freePort) and returns what it
 * starts. Another process may take a "free" port between the probe and the
 * server's bind, so a launch that rejects with PortTakenError is run again,
 * up to `attempts` times in all; any other error, or the last one, is thrown.
 */
export async function startOnFreePort<T>(launch: (attempt: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(attempt);
    } catch (error) {
      if (attempt < attempts && error instanceof PortTakenError) continue;
      throw error;
    }
  }
}
