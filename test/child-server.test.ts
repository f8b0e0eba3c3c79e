import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { freePort, PortTakenError, startOnFreePort } from './support/child-server.js';

describe('test server harness: starting on a free port', () => {
  it('gives a port on 127.0.0.1 that can then be bound', async () => {
    const port = await freePort();
    assert.ok(Number.isInteger(port) && port > 0 && port <= 65535, String(port));
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('launches again while the port was taken, and returns what the first launch that binds starts', async () => {
    const attempts: number[] = [];
    const started = await startOnFreePort(async (attempt) => {
      attempts.push(attempt);
      if (attempt < 3) throw new PortTakenError(`port taken on attempt ${attempt}`);
      return 'server';
    });
    assert.equal(started, 'server');
    assert.deepEqual(attempts, [1, 2, 3]);
  });

  it('throws the last PortTakenError once the attempts are used up', async () => {
    let calls = 0;
    await assert.rejects(
      startOnFreePort(async (attempt) => {
        calls++;
        throw new PortTakenError(`port taken on attempt ${attempt}`);
      }, 2),
      (error: unknown) => error instanceof PortTakenError && error.message === 'port taken on attempt 2',
    );
    assert.equal(calls, 2);
  });

  it('does not launch again after any other error', async () => {
    let calls = 0;
    await assert.rejects(
      startOnFreePort(async () => {
        calls++;
        throw new Error('slapd.conf rejected');
      }),
      { message: 'slapd.conf rejected' },
    );
    assert.equal(calls, 1);
  });
});
