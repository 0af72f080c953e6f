/**
 * An append-only JSON-lines log: every acknowledged write is one line, written and fdatasynced
 * before it is acknowledged, so it survives `kill -9` (and a power cut). Concurrent appends share
 * one write + fdatasync (group commit).
 *
 * Invariants:
 * - The newline is the last byte of every write, and a write is acknowledged only after its
 *   fdatasync, so the only line that can be unacknowledged is an unterminated last one. On open,
 *   that torn tail is cut (and reported); any other line that cannot be read stops the open with
 *   the file and line named and the file left byte for byte as it was.
 * - A write that fails (ENOSPC, EIO, a short write) is refused to its caller and never applied:
 *   `append`'s `settled` callback tells the owner synchronously, in order, whether each record
 *   is durable, so the owner applies it to memory only then. The file is cut back to the end of
 *   the last acknowledged line, so nothing half-written can glue itself to the next record. Every
 *   append still waiting behind a failed write fails with it (it may have been decided on top of
 *   it). If the file cannot be cut back, the log refuses every later write until the host
 *   restarts (which cuts the unterminated tail).
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** What the log writes through: a file opened for appending. Tests wrap it to inject faults. */
export interface LogFile {
  /** Writes `buffer` from `offset` at the end of the file; answers how many bytes were written. */
  write(buffer: Buffer, offset: number): Promise<number>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

/** Installed by tests (`injectLogFaultsForTest`); wraps every log file opened after it is set. */
let wrapForTest: ((path: string, file: LogFile) => LogFile) | undefined;

/**
 * Test seam: every log opened from now on writes through `wrap(path, file)`, which may fail a
 * write (`ENOSPC`), write only part of it, or fail the cut-back. `undefined` removes the seam.
 */
export function injectLogFaultsForTest(
  wrap: ((path: string, file: LogFile) => LogFile) | undefined,
): void {
  wrapForTest = wrap;
}

async function openForAppend(path: string): Promise<LogFile> {
  const handle = await open(path, 'a');
  const file: LogFile = {
    write: async (buffer, offset) => (await handle.write(buffer, offset)).bytesWritten,
    datasync: () => handle.datasync(),
    truncate: (length) => handle.truncate(length),
    close: () => handle.close(),
  };
  return wrapForTest ? wrapForTest(path, file) : file;
}

interface Pending {
  readonly line: string;
  readonly settled: ((durable: boolean) => void) | undefined;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export interface ReplayReport {
  readonly records: number;
  /** Bytes of an unterminated last line (a write never acknowledged) that were cut off. */
  readonly tornBytes: number;
}

/** A log line that cannot be read and is not the unterminated tail: the open stops. */
export class DamagedLogError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly byteOffset: number,
    readonly linesAfter: number,
    reason: string,
  ) {
    super(
      `${basename(path)} line ${line} (byte ${byteOffset}) cannot be read: ${reason}. It ends ` +
        'with a newline, so it is not an unfinished last write: it was written whole and may hold ' +
        `acknowledged data (${linesAfter} more line${linesAfter === 1 ? '' : 's'} follow it). ` +
        `The host did not start and left the file untouched: ${path}. Restore it from a backup ` +
        'or repair that line by hand; `npm start -- --reset` starts from empty data instead ' +
        '(deleting it).',
    );
    this.name = 'DamagedLogError';
  }
}

export class AppendLog<R> {
  private file: LogFile | undefined;
  /** Bytes of the file that hold acknowledged lines (where a failed write is cut back to). */
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  /** Set when a failed write could not be cut back: every later write is refused. */
  private broken: Error | undefined;

  private constructor(
    private readonly path: string,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Replays every record through `apply`, cuts an unterminated last line (reported through
   * `log`), then opens for appending. A damaged line anywhere else throws `DamagedLogError` and
   * changes nothing on disk.
   */
  static async open<R>(
    path: string,
    apply: (record: R) => void,
    log: (line: string) => void = () => undefined,
  ): Promise<{ log: AppendLog<R>; report: ReplayReport }> {
    mkdirSync(dirname(path), { recursive: true });
    const { report, size, lines } = replay(path, apply);
    if (report.tornBytes > 0) {
      await truncate(path, size);
      const h = await open(path, 'r+');
      try {
        await h.datasync();
      } finally {
        await h.close();
      }
      log(
        `[forge-local] ${basename(path)}: cut an unfinished last write (${report.tornBytes} bytes ` +
          `after line ${lines}, never acknowledged)`,
      );
    }
    const appendLog = new AppendLog<R>(path, log);
    appendLog.file = await openForAppend(path);
    appendLog.size = size;
    return { log: appendLog, report };
  }

  /**
   * Resolves once the record is on disk; rejects when it will never be. `settled` runs
   * synchronously as soon as that is known — before the promise settles, in append order, with
   * no other append's outcome in between — so the owner can apply (or drop) the record then.
   */
  append(record: R, settled?: (durable: boolean) => void): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      if (this.closed) {
        settled?.(false);
        reject(new Error(`log ${this.path} is closed`));
        return;
      }
      this.queue.push({ line, settled, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // Let appends issued in the same turn join this batch.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      const buffer = Buffer.from(batch.map((p) => p.line).join(''), 'utf8');
      let error: unknown;
      try {
        await this.writeDurably(buffer);
      } catch (e) {
        error = e;
      }
      if (error === undefined) {
        this.size += buffer.length;
        for (const p of batch) {
          try {
            p.settled?.(true);
            p.resolve();
          } catch (e) {
            p.reject(e); // the owner could not apply it; the other records are not held up
          }
        }
        continue;
      }
      await this.cutBack(error);
      // Appends that arrived while this batch was written may rest on it: they fail too.
      const failed = [...batch, ...this.queue];
      this.queue = [];
      const refused = this.refusal(error);
      for (const p of failed) {
        p.settled?.(false);
        p.reject(refused);
      }
    }
    this.flushing = undefined;
  }

  private async writeDurably(buffer: Buffer): Promise<void> {
    if (this.broken) throw this.broken;
    const file = this.file;
    if (!file) throw new Error(`log ${this.path} is not open`);
    let offset = 0;
    while (offset < buffer.length) {
      const written = await file.write(buffer, offset);
      if (written <= 0) throw new Error(`${basename(this.path)}: the disk accepted no bytes`);
      offset += written;
    }
    await file.datasync();
  }

  /** Removes whatever a failed write left after the last acknowledged line. */
  private async cutBack(error: unknown): Promise<void> {
    if (this.broken) return;
    const name = basename(this.path);
    try {
      const file = this.file;
      if (!file) return;
      await file.truncate(this.size);
      await file.datasync();
      this.log(
        `[forge-local] ${name}: a write failed (${messageOf(error)}); it was refused and not ` +
          'applied, and the file was cut back to its last acknowledged write',
      );
    } catch (e) {
      this.broken = new Error(
        `${name} refuses every write: after a failed write (${messageOf(error)}) the file could ` +
          `not be cut back (${messageOf(e)}). Restart the host (it cuts the unfinished tail).`,
      );
      this.log(`[forge-local] ${this.broken.message}`);
    }
  }

  private refusal(error: unknown): Error {
    if (this.broken && error === this.broken) return this.broken;
    return new Error(
      `The write was not stored: ${basename(this.path)} could not be written (${messageOf(error)}). ` +
        'Nothing changed.',
      { cause: error },
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushing) await this.flushing;
    await this.file?.close();
    this.file = undefined;
  }
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Reads every complete line through `apply`. Answers how many records and lines there were, the
 * bytes of an unterminated tail (to cut) and the size of the file without it.
 */
function replay<R>(
  path: string,
  apply: (record: R) => void,
): { report: ReplayReport; size: number; lines: number } {
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { report: { records: 0, tornBytes: 0 }, size: 0, lines: 0 };
    throw e;
  }
  let records = 0;
  let start = 0;
  let lineNumber = 0;
  // 0x0a never occurs inside a multi-byte UTF-8 sequence, so splitting bytes on it is safe.
  for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
    lineNumber += 1;
    const line = data.toString('utf8', start, nl);
    if (line.trim() !== '') {
      try {
        apply(JSON.parse(line) as R);
      } catch (e) {
        const linesAfter = data.subarray(nl + 1).filter((b) => b === 0x0a).length;
        throw new DamagedLogError(path, lineNumber, start, linesAfter, messageOf(e));
      }
      records += 1;
    }
    start = nl + 1;
  }
  return { report: { records, tornBytes: data.length - start }, size: start, lines: lineNumber };
}

/** Writes raw bytes at the end of a log file (tests use it to simulate a torn write). */
export function appendRawForTest(path: string, raw: string): void {
  const fd = openSync(path, 'a');
  writeSync(fd, raw);
  closeSync(fd);
}
