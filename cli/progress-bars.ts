import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';
import type { CaseLive, CasePhase } from '../harness/live-counts.ts';
import type { RunPlan } from '../harness/plan.ts';
import { finishedLine, headerLine, roundLabel, type ProgressDisplay } from './progress-lines.ts';

/**
 * How often a bar reads the case's counters and redraws: 8 times a second. One timer reading a few
 * numbers, and a redraw only when the line changed: nothing the measured client would notice.
 */
const REFRESH_MS = 125;
/** The current req/s is taken over about this long. */
const RATE_WINDOW_MS = 1000;

/** Requests per second over the last second or so, from the (time, completed) samples of each refresh. */
export class RateWindow {
  private readonly samples: { at: number; completed: number }[] = [];

  private readonly windowMs: number;

  constructor(windowMs: number = RATE_WINDOW_MS) {
    this.windowMs = windowMs;
  }

  /** Adds a sample and returns the rate since the oldest one kept (at most about a window ago). */
  add(at: number, completed: number): number {
    this.samples.push({ at, completed });
    // Keep one sample at or before the window's start, so the rate spans a whole window once it can.
    while (this.samples.length > 2 && this.samples[1]!.at <= at - this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    const span = at - first.at;
    return span > 0 ? ((completed - first.completed) * 1000) / span : 0;
  }
}

/** 42s, 3m05s, 1h02m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const BAR_SIZE = 20;

interface BarPayload {
  phase: string;
  rate: number;
  errors: number;
  eta: string;
}

/**
 * "[2/9] limited-pool/undici/c10/n50 ████░░░░ 120/300 req, iteration 2/5 | 431 req/s | 0 errors | ETA 1s".
 * In a narrow terminal the bar narrows, then goes (below 6 characters), then the figures take a short
 * form; a line still too long is cut, never wrapped (a wrapped line would not be redrawn in place).
 */
function lineFor(label: string, options: cliProgress.Options, params: cliProgress.Params, payload: BarPayload): string {
  const width = Math.max(20, params.maxWidth - 1);
  const figures = `${params.value}/${params.total} req, ${payload.phase} | ${payload.rate} req/s | ${payload.errors} errors | ETA ${payload.eta}`;
  const barSize = Math.min(BAR_SIZE, width - label.length - figures.length - 2);
  if (barSize >= 6) return `${label} ${cliProgress.Format.BarFormat(params.progress, { ...options, barsize: barSize })} ${figures}`;
  const full = `${label} ${figures}`;
  if (full.length <= width) return full;
  const phase = payload.phase.replace('iteration', 'iter');
  return `${label} ${params.value}/${params.total} ${phase} ${payload.rate}/s ${payload.errors} err ETA ${payload.eta}`.slice(0, width);
}

function phaseLabel(phase: CasePhase | undefined, live: CaseLive): string {
  if (!phase) return 'starting';
  if (phase.mode === 'warmup') return live.warmupIterations > 1 ? `warm-up ${phase.iteration}/${live.warmupIterations}` : 'warm-up';
  return `iteration ${phase.iteration}/${live.measuredIterations}`;
}

/** One case's bar: it polls `live` every REFRESH_MS until stopped. */
class CaseBar {
  private readonly bar: cliProgress.SingleBar;
  private readonly timer: NodeJS.Timeout;
  private readonly rate = new RateWindow();
  /** When the first finished requests were seen: the ETA's rate runs from there, past the case's start-up. */
  private firstSeen: { at: number; completed: number } | undefined;

  private readonly live: CaseLive;

  constructor(
    stream: NodeJS.WritableStream,
    label: string,
    live: CaseLive,
  ) {
    this.live = live;
    this.bar = new cliProgress.SingleBar({
      stream,
      fps: 1000 / REFRESH_MS,
      // The library redraws on its own timer; the values come from poll() only, never from the requests.
      synchronousUpdate: false,
      barCompleteChar: '\u2588',
      barIncompleteChar: '\u2591',
      barsize: BAR_SIZE,
      // The line is cut to the terminal's width here (see lineFor) rather than by switching the terminal's
      // line wrapping off (\e[?7l), which a process killed mid-bar would leave off in the user's shell.
      linewrap: true,
      format: (options, params, payload: BarPayload) => lineFor(label, options, params, payload),
      clearOnComplete: true,
      hideCursor: false,
      gracefulExit: false,
    });
    this.bar.start(live.total, 0, this.payload(0));
    this.timer = setInterval(() => this.poll(), REFRESH_MS);
    this.timer.unref();
  }

  private payload(completed: number): BarPayload {
    const now = performance.now();
    const rate = this.rate.add(now, completed);
    if (!this.firstSeen && completed > 0) this.firstSeen = { at: now, completed };
    // The average rate since then, the gaps between iterations included: steadier than the current rate.
    const since = this.firstSeen;
    const average = since && now - since.at >= RATE_WINDOW_MS / 4 ? ((completed - since.completed) * 1000) / (now - since.at) : 0;
    const remaining = this.live.total - completed;
    return {
      phase: phaseLabel(this.live.phase(), this.live),
      rate: Math.round(rate),
      errors: this.live.failed(),
      eta: remaining <= 0 ? '0s' : average > 0 ? formatDuration(remaining / average) : '--',
    };
  }

  private poll(): void {
    const completed = this.live.completed();
    this.bar.update(completed, this.payload(completed));
  }

  /** Erases the bar (its line is then free for the case's finished line). */
  stop(): void {
    clearInterval(this.timer);
    this.bar.stop();
  }

  /**
   * Writes a line above the bar. The bar is erased first and drawn again below: cli-progress puts the
   * cursor back where the bar started when it stops, so a line written under a live bar would be wiped.
   */
  writeAbove(stream: NodeJS.WritableStream, line: string): void {
    this.bar.stop();
    stream.write(`${line}\n`);
    const completed = this.live.completed();
    this.bar.start(this.live.total, completed, this.payload(completed));
  }
}

/**
 * A live bar per case on stderr for a terminal (case, requests done of the whole case, which iteration,
 * current req/s, errors, ETA); when the case ends its bar gives way to the same line progressPrinter
 * prints. The finished lines stay, one per case, with the running case's bar below them.
 */
export function progressBars(plan: RunPlan, stream: NodeJS.WritableStream = process.stderr): ProgressDisplay {
  stream.write(`${headerLine(plan)}\n`);
  let round = '';
  let current: CaseBar | undefined;
  // A second Ctrl-C exits at once: leave the terminal on a fresh line, not after a half-drawn bar.
  process.once('exit', () => current?.stop());
  return {
    roundStarted(index, rounds) {
      round = roundLabel(index, rounds);
    },
    caseStarted(spec, index, total, live) {
      current?.stop();
      current = new CaseBar(stream, `${round}[${index + 1}/${total}] ${spec.id}`, live);
    },
    caseFinished(result, index, total, elapsedMs) {
      current?.stop();
      current = undefined;
      stream.write(`${finishedLine(round, result, index, total, elapsedMs)}\n`);
    },
    note(line) {
      if (current) current.writeAbove(stream, line);
      else stream.write(`${line}\n`);
    },
  };
}
