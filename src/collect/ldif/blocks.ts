/**
 * Reads a file in blocks of whole logical LDIF lines. Every block but the last
 * ends just after a line feed that is followed by a line not starting with a
 * space, so no folded line (RFC 2849 continuation) is ever cut in two: the
 * parser and the UTF-8 check (a character may be split across a fold) can
 * take each block on its own.
 */
import type { InputFile } from '../../util/read-input.js';

const LF = 0x0a;
const SPACE = 0x20;

/** Large enough that reads and per-block work cost little next to parsing, small next to an export worth streaming. */
export const BLOCK_BYTES = 1 << 20;

export class LineBlockReader {
  private buffer: Buffer;
  /** The buffer as UTF-16 code units, when units are 2 bytes. */
  private units16: Uint16Array | undefined;
  /** Bytes of the buffer holding file data, from file position `position`. */
  private filled = 0;
  private position: number;
  /** End of the block last returned; what follows it is the start of the next one. */
  private blockEnd = 0;
  private atEnd = false;

  /** Reads `input` from byte `position`, in code units of `unitBytes` bytes (1, or 2 for UTF-16). */
  constructor(
    private readonly input: InputFile,
    position: number,
    private readonly unitBytes: 1 | 2,
    blockBytes = BLOCK_BYTES,
  ) {
    this.position = position;
    // Its own memory, so that the UTF-16 view is aligned; an even size, so that it holds whole units.
    this.buffer = Buffer.allocUnsafeSlow(Math.max(2, blockBytes + (blockBytes & 1)));
  }

  /** File position of the block next() last returned. */
  get blockPosition(): number {
    return this.position;
  }

  /** Bytes left after the last block at the end of the file: a UTF-16 file's odd last byte. */
  get leftoverBytes(): number {
    return this.atEnd ? this.filled - this.blockEnd : 0;
  }

  /** The next block (valid until the next call, which reuses its memory), or undefined at the end of the file. */
  async next(): Promise<Buffer | undefined> {
    if (this.blockEnd > 0) {
      this.buffer.copyWithin(0, this.blockEnd, this.filled);
      this.filled -= this.blockEnd;
      this.position += this.blockEnd;
      this.blockEnd = 0;
    }
    for (;;) {
      await this.fill();
      const cut = this.atEnd ? this.filled - (this.filled % this.unitBytes) : this.lastLineBoundary();
      if (cut > 0) {
        this.blockEnd = cut;
        return this.buffer.subarray(0, cut);
      }
      if (this.atEnd) return undefined;
      // One logical line longer than the buffer (a large folded value).
      const larger = Buffer.allocUnsafeSlow(this.buffer.length * 2);
      this.buffer.copy(larger, 0, 0, this.filled);
      this.buffer = larger;
      this.units16 = undefined;
    }
  }

  private async fill(): Promise<void> {
    while (!this.atEnd && this.filled < this.buffer.length) {
      const read = await this.input.read(this.buffer, this.filled, this.buffer.length - this.filled, this.position + this.filled);
      if (read === 0) this.atEnd = true;
      this.filled += read;
    }
  }

  /** Bytes up to the last line feed that a line not starting with a space follows; 0 when there is none. */
  private lastLineBoundary(): number {
    if (this.unitBytes === 1) {
      const bytes = this.buffer;
      // lastIndexOf counts a negative offset from the end: stop before it could get one.
      for (let lf = this.filled >= 2 ? bytes.lastIndexOf(LF, this.filled - 2) : -1; lf !== -1; lf = lf > 0 ? bytes.lastIndexOf(LF, lf - 1) : -1) {
        if (bytes[lf + 1] !== SPACE) return lf + 1;
      }
      return 0;
    }
    this.units16 ??= new Uint16Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length >> 1);
    const units = this.units16;
    const count = this.filled >> 1;
    for (let lf = count >= 2 ? units.lastIndexOf(LF, count - 2) : -1; lf !== -1; lf = lf > 0 ? units.lastIndexOf(LF, lf - 1) : -1) {
      if (units[lf + 1] !== SPACE) return 2 * (lf + 1);
    }
    return 0;
  }
}
