/**
 * An append-only JSON-lines log: every acknowledged write is one line, flushed and fsynced before
 * the promise resolves, so it survives `kill -9` (and a power cut). Concurrent appends share one
 * write + fsync (group commit). On open the log is replayed; a torn last line (the process died
 * mid-write, so the write was never acknowledged) is cut off and the store opens normally.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Pending {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export interface ReplayReport {
  readonly records: number;
  /** Bytes of an unterminated or unparseable final line that were dropped. */
  readonly tornBytes: number;
}

export class AppendLog<R> {
  private handle: FileHandle | undefined;
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly path: string) {}

  /** Replays every record through `apply`, repairs a torn tail, then opens for appending. */
  static async open<R>(
    path: string,
    apply: (record: R) => void,
  ): Promise<{ log: AppendLog<R>; report: ReplayReport }> {
    mkdirSync(dirname(path), { recursive: true });
    const report = replay(path, apply);
    const log = new AppendLog<R>(path);
    log.handle = await open(path, 'a');
    return { log, report };
  }

  /** Resolves once the record is on disk. */
  append(record: R): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`log ${this.path} is closed`));
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let appends issued in the same turn join this batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        const handle = this.handle;
        if (!handle) throw new Error('log not open');
        const buffer = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await handle.write(buffer, offset);
          offset += bytesWritten;
        }
        await handle.datasync();
        for (const p of batch) p.resolve();
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushing) await this.flushing;
    await this.handle?.close();
    this.handle = undefined;
  }
}

function replay<R>(path: string, apply: (record: R) => void): ReplayReport {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch {
    return { records: 0, tornBytes: 0 };
  }
  let records = 0;
  let start = 0;
  // 0x0a never occurs inside a multi-byte UTF-8 sequence, so splitting bytes on it is safe.
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    if (nl < 0) break; // unterminated: the write was never acknowledged
    const line = data.toString('utf8', start, nl);
    if (line.trim() !== '') {
      let parsed: R;
      try {
        parsed = JSON.parse(line) as R;
      } catch {
        break; // a garbled line can only be the torn tail; nothing after it was acknowledged
      }
      apply(parsed);
      records += 1;
    }
    start = nl + 1;
  }
  const tornBytes = data.length - start;
  if (tornBytes > 0) {
    truncateSync(path, start);
    const fd = openSync(path, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  return { records, tornBytes };
}

/** Writes raw bytes at the end of a log file (tests use it to simulate a torn write). */
export function appendRawForTest(path: string, raw: string): void {
  const fd = openSync(path, 'a');
  writeSync(fd, raw);
  closeSync(fd);
}
