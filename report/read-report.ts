import { open } from 'node:fs/promises';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { CaseReport, reportProblems, SCHEMA_VERSION, type Report } from './schema.ts';
import { OLDEST_READABLE_VERSION, upgradeReport } from './upgrade-report.ts';

/** Why a file is not a report this fanout can read, in one line. */
export class ReportReadError extends Error {
  override name = 'ReportReadError';
}

export interface ReadReportOptions {
  /**
   * `drop`: each case's target.perIteration records are checked against the schema as they are read, then
   * left out (an empty array), for a reader that needs none of them, as compare: at 100,000 iterations they
   * are most of a report's 30 MB per case. Default `keep`.
   */
  perIteration?: 'keep' | 'drop';
  /** Bytes read at a time (default 4 MiB); small values let a test put a chunk's end everywhere. */
  chunkBytes?: number;
}

// One record of target.perIteration, checked by a compiled validator: there can be 100,000 of them a case.
const TARGET_ITERATION = TypeCompiler.Compile(CaseReport.properties.target.properties.perIteration.items);

/** The per-iteration arrays of numbers of a case, as [member of the case, member of that]. */
const NUMBER_ARRAYS = new Set(['makespanMs/samples', 'makespanMs/outliers', 'idealMs/samples', 'idealMs/outliers', 'latencyMs/p99Samples']);

const CHUNK_BYTES = 4 * 1024 * 1024;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** The bytes that change the scanner's state outside strings; every other byte is skipped at once. */
const STRUCTURAL = new Uint8Array(256);
for (const byte of [QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, COLON]) STRUCTURAL[byte] = 1;

/** A JSON number and nothing else (JSON.parse would read it as Number does). */
const JSON_NUMBER = /^[ \t\r\n]*-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?[ \t\r\n]*$/;

interface Frame {
  object: boolean;
  /** In an object: the key of the value being read (as latin1; the keys that matter are ASCII). */
  key: string;
  expectKey: boolean;
  /** In an array: the index of the element being read. */
  index: number;
}

/** An array of a case whose elements the scanner reads one by one, out of the skeleton. */
interface Collected {
  frame: Frame;
  caseIndex: number;
  /** 'records': target.perIteration; 'numbers': one of NUMBER_ARRAYS. */
  kind: 'records' | 'numbers';
  /** Where the array goes back: cases[caseIndex][member][field]. */
  member: string;
  field: string;
  /**
   * The elements read: while every one is a number, `count` of them in the scratch buffer and, once the
   * array is closed, in `numbers` (an array of unboxed doubles); from the first that is not, all of them in
   * `values`.
   */
  allNumbers: boolean;
  count: number;
  numbers?: number[];
  values: unknown[];
}

/**
 * A report read in chunks. A report at the largest sample counts (--iterations 1000 --rounds 100) is 30 MB
 * a case, nearly all of it in per-iteration arrays; read whole, its text and then its objects are both in
 * memory at once, several times its size. This scanner follows the JSON's nesting (strings, objects,
 * arrays, keys) and reads the elements of those arrays one by one as they go past: numbers as numbers (a
 * JSON number is what Number reads; anything else goes through JSON.parse), each perIteration record
 * through JSON.parse and a compiled check of its schema. Everything else is copied into a skeleton (a few
 * kilobytes a case) that JSON.parse reads at the end, into which the arrays go back. Hand-written: a
 * streaming JSON package would be a dependency for one path through one file, and this needs to know only
 * where those arrays are.
 */
class ReportScanner {
  private readonly stack: Frame[] = [];
  private inString = false;
  /** The string being read ended its chunk on an odd run of backslashes: the next byte is escaped. */
  private escaped = false;
  /** Reading an object key: what earlier chunks held of it, and where it starts in this one. */
  private keyPrefix: string | undefined;
  private keyStart = 0;
  /** Pieces of the skeleton: the file without the collected arrays' elements. */
  readonly skeleton: Buffer[] = [];
  private keptFrom = 0;
  /** The array being collected, and the nesting depth inside it. */
  private collecting: Collected | undefined;
  private depth = 0;
  /** The element being read: where it starts in this chunk, and its bytes from earlier chunks. */
  private elementStart = 0;
  private elementParts: Buffer[] = [];
  /**
   * Where the numbers of the array being read go until it closes: one buffer per scanner (reports read at
   * the same time take turns between chunks), grown as needed and used again by the next array, so the
   * array kept has exactly its size and growing it leaves no garbage (100,000 numbers, three arrays a case).
   */
  private scratch = new Float64Array(1024);
  readonly collected: Collected[] = [];
  /** What the per-iteration records' checks found (the first few), and how much. */
  readonly problems: string[] = [];
  problemCount = 0;
  notJson = false;

  private readonly keepRecords: boolean;

  constructor(keepRecords: boolean) {
    this.keepRecords = keepRecords;
  }

  /** The array opening now (the stack holds its parents) when it is one the scanner collects. */
  private collects(frame: Frame): Collected | undefined {
    const s = this.stack;
    if (s.length !== 4 || !s[0]!.object || s[0]!.key !== 'cases' || s[1]!.object || !s[2]!.object || !s[3]!.object) return undefined;
    const [member, field] = [s[2]!.key, s[3]!.key];
    const kind = member === 'target' && field === 'perIteration' ? 'records' : NUMBER_ARRAYS.has(`${member}/${field}`) ? 'numbers' : undefined;
    return kind && { frame, caseIndex: s[1]!.index, kind, member, field, allNumbers: kind === 'numbers', count: 0, values: [] };
  }

  /** The element that ends at `end` (a comma or the closing bracket); a missing one (`[,` `,,` `,]`) is no JSON. */
  private endElement(chunk: Buffer, end: number, closing: boolean): void {
    const collecting = this.collecting!;
    const text =
      this.elementParts.length === 0
        ? chunk.toString('utf8', this.elementStart, end)
        : Buffer.concat([...this.elementParts, chunk.subarray(this.elementStart, end)]).toString('utf8');
    this.elementParts = [];
    const index = collecting.frame.index;
    if (collecting.allNumbers && JSON_NUMBER.test(text)) {
      if (collecting.count === this.scratch.length) {
        const larger = new Float64Array(this.scratch.length * 2);
        larger.set(this.scratch);
        this.scratch = larger;
      }
      this.scratch[collecting.count++] = Number(text);
      return;
    }
    if (text.trim() === '') {
      if (!closing || index > 0) this.notJson = true;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.notJson = true;
      return;
    }
    // Numbers that are not numbers go back as they are, for the report's schema to name them.
    if (collecting.kind === 'numbers') {
      if (collecting.allNumbers) collecting.values = Array.from(this.scratch.subarray(0, collecting.count));
      collecting.allNumbers = false;
      collecting.values.push(value);
      return;
    }
    if (!TARGET_ITERATION.Check(value)) {
      for (const error of TARGET_ITERATION.Errors(value)) {
        this.problemCount++;
        if (this.problems.length < 10) this.problems.push(`/cases/${collecting.caseIndex}/target/perIteration/${index}${error.path}: ${error.message}`);
      }
      return;
    }
    if (this.keepRecords) collecting.values.push(value);
  }

  /** From `from` (inside a string): the index just past its closing quote, or -1 when the chunk ends first. */
  private stringEnd(chunk: Buffer, from: number, length: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      if (quote === -1 || quote >= length) {
        // An odd run of backslashes at the end escapes the first byte of the next chunk.
        let run = 0;
        for (let j = length - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
        this.escaped = run % 2 === 1;
        return -1;
      }
      let run = 0;
      for (let j = quote - 1; j >= i && chunk[j] === BACKSLASH; j--) run++;
      if (run % 2 === 0) return quote + 1;
      i = quote + 1;
    }
  }

  scan(chunk: Buffer, length: number): void {
    const stack = this.stack;
    let i = 0;
    if (this.inString) {
      const end = this.stringEnd(chunk, 0, length);
      if (end === -1) return this.endChunk(chunk, length);
      this.inString = false;
      if (this.keyPrefix !== undefined) {
        stack[stack.length - 1]!.key = this.keyPrefix + chunk.toString('latin1', 0, end - 1);
        this.keyPrefix = undefined;
      }
      i = end;
    }
    while (i < length) {
      const byte = chunk[i]!;
      if (STRUCTURAL[byte] === 0) {
        i++;
        continue;
      }
      if (byte === QUOTE) {
        const top = stack[stack.length - 1];
        const isKey = this.collecting === undefined && top !== undefined && top.object && top.expectKey;
        const end = this.stringEnd(chunk, i + 1, length);
        if (end === -1) {
          this.inString = true;
          if (isKey) {
            this.keyPrefix = '';
            this.keyStart = i + 1;
          }
          return this.endChunk(chunk, length);
        }
        if (isKey) top.key = chunk.toString('latin1', i + 1, end - 1);
        i = end;
        continue;
      }
      const collecting = this.collecting;
      if (collecting !== undefined) {
        // Inside a collected array only the nesting matters: where each element ends.
        if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) this.depth++;
        else if (this.depth > 0 && (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY)) this.depth--;
        else if (this.depth === 0 && byte === COMMA) {
          this.endElement(chunk, i, false);
          collecting.frame.index++;
          this.elementStart = i + 1;
        } else if (this.depth === 0 && byte === CLOSE_ARRAY) {
          this.endElement(chunk, i, true);
          if (collecting.allNumbers) collecting.numbers = numberArray(this.scratch, collecting.count);
          this.collected.push(collecting);
          this.collecting = undefined;
          this.keptFrom = i;
          stack.pop();
        }
        i++;
        continue;
      }
      const top = stack[stack.length - 1];
      switch (byte) {
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          const frame: Frame = { object: byte === OPEN_OBJECT, key: '', expectKey: byte === OPEN_OBJECT, index: 0 };
          const collected = byte === OPEN_ARRAY ? this.collects(frame) : undefined;
          stack.push(frame);
          if (collected) {
            this.skeleton.push(Buffer.from(chunk.subarray(this.keptFrom, i + 1)));
            this.collecting = collected;
            this.depth = 0;
            this.elementStart = i + 1;
          }
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          stack.pop();
          break;
        case COMMA:
          if (top === undefined) break;
          if (top.object) {
            top.expectKey = true;
            top.key = '';
          } else top.index++;
          break;
        case COLON:
          if (top?.object) top.expectKey = false;
          break;
      }
      i++;
    }
    this.endChunk(chunk, length);
  }

  /** What of this chunk is kept past its end: skeleton bytes, an element's start, a key's start. */
  private endChunk(chunk: Buffer, length: number): void {
    if (this.collecting === undefined) this.skeleton.push(Buffer.from(chunk.subarray(this.keptFrom, length)));
    else {
      this.elementParts.push(Buffer.from(chunk.subarray(this.elementStart, length)));
      this.elementStart = 0;
    }
    if (this.inString && this.keyPrefix !== undefined) {
      this.keyPrefix += chunk.toString('latin1', this.keyStart, length);
      this.keyStart = 0;
    }
    this.keptFrom = 0;
  }
}

/**
 * An array of numbers as the report's checks read it: a view of it (a Proxy that answers length, indices
 * and has, and leaves the rest to an empty array: Array.isArray is true of it, and forEach, every and
 * iteration read it element by element). TypeBox's checker, once it has seen arrays of objects, turns every
 * array of numbers it reads into one of boxed numbers (V8 generalises the array's elements kind): three
 * times the memory for 100,000 numbers, and garbage at every step. Through the view it never touches the
 * array itself.
 */
function numbersView(numbers: readonly number[]): number[] {
  const isIndex = (key: string | symbol): key is string => typeof key === 'string' && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < numbers.length;
  return new Proxy([] as number[], {
    get: (target, key, receiver) => (key === 'length' ? numbers.length : isIndex(key) ? numbers[Number(key)] : Reflect.get(target, key, receiver)),
    has: (target, key) => isIndex(key) || Reflect.has(target, key),
    set: () => false,
  });
}

/** The first `count` numbers of `buffer` as an array of unboxed doubles, of exactly that length. */
function numberArray(buffer: Float64Array, count: number): number[] {
  const array = new Array<number>(count);
  for (let i = 0; i < count; i++) array[i] = buffer[i]!;
  return array;
}

/** Puts the collected arrays of one kind back where the skeleton holds an empty one (numbers as `as`). */
function putBack(value: unknown, collected: Collected[], kind: Collected['kind'], as: 'view' | 'array' = 'array'): void {
  const cases = (value as { cases?: unknown } | null)?.cases;
  if (!Array.isArray(cases)) return;
  for (const array of collected) {
    if (array.kind !== kind) continue;
    const holder = (cases[array.caseIndex] as Record<string, unknown> | undefined)?.[array.member];
    if (holder === null || typeof holder !== 'object') continue;
    const numbers = array.numbers;
    (holder as Record<string, unknown>)[array.field] = numbers === undefined ? array.values : as === 'view' ? numbersView(numbers) : numbers;
  }
}

/**
 * Reads and validates a report, upgrading an older readable schema version (upgrade-report.ts); refuses
 * any other version, naming both. The file is read in chunks
 * (ReportScanner), so a report of 100,000 iterations a case costs about its numbers in memory, not several
 * times its text; `options.perIteration` 'drop' leaves out the per-iteration target records as well.
 */
export async function readReport(path: string, options: ReadReportOptions = {}): Promise<Report> {
  const keepRecords = options.perIteration !== 'drop';
  const scanner = new ReportScanner(keepRecords);
  try {
    const file = await open(path, 'r');
    try {
      const size = options.chunkBytes ?? CHUNK_BYTES;
      const chunk = Buffer.allocUnsafe(size);
      for (;;) {
        const { bytesRead } = await file.read(chunk, 0, size, null);
        if (bytesRead === 0) break;
        scanner.scan(chunk, bytesRead);
      }
    } finally {
      await file.close();
    }
  } catch (error) {
    throw new ReportReadError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    if (scanner.notJson) throw new Error('an element of an array is not JSON');
    value = JSON.parse(Buffer.concat(scanner.skeleton).toString('utf8'));
  } catch {
    throw new ReportReadError(`${path} is not JSON`);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < OLDEST_READABLE_VERSION || version > SCHEMA_VERSION) {
    const readable = OLDEST_READABLE_VERSION === SCHEMA_VERSION ? `${SCHEMA_VERSION}` : `${OLDEST_READABLE_VERSION} to ${SCHEMA_VERSION}`;
    throw new ReportReadError(`${path} has schemaVersion ${JSON.stringify(version)}; this fanout reads schemaVersion ${readable}`);
  }
  // An older report is brought to the current shape before anything checks it.
  upgradeReport(value as Record<string, unknown>);
  // The numbers go back before the schema and the sample rules see the report, as views (numbersView),
  // then as arrays; the records, checked one by one already, after (the schema's checker would take
  // seconds over 100,000 of them).
  putBack(value, scanner.collected, 'numbers', 'view');
  const problems = [...reportProblems(value), ...scanner.problems];
  const count = problems.length - scanner.problems.length + scanner.problemCount;
  if (count > 0) throw new ReportReadError(`${path} is not a valid fanout report: ${problems[0]}${count > 1 ? ` (+${count - 1} more)` : ''}`);
  putBack(value, scanner.collected, 'numbers', 'array');
  if (keepRecords) putBack(value, scanner.collected, 'records');
  return value as Report;
}
