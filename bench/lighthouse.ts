// Lighthouse 12 (npm, pinned) on the pages as a phone or a cheap display stick sees them: mobile
// profile, simulated throttling (Lighthouse's defaults), Debian's Chromium started here with a
// DevTools port (nothing is downloaded). A real server in a child process on 127.0.0.1 serves a
// build of the code as it is (made for this run, in a temp folder) with the demo office: the
// kiosk `/kiosk/`, the wall display `/display/` with a few calls on it, and the citizen page
// `/t/<token>` of a ticket issued through a kiosk socket.
// Baseline, same server, same run: a bare HTML page (a heading, no script, no font), the floor
// that the throttling model alone puts under FCP and LCP on this machine.
// Each page RUNS times; the figure is the median (the mean of the middle two for an even count).
//   --quick   one run per page
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { devtoolsChromium, noBrowser } from '../test/support/browser.js';
import { ROOT, connect, flags, loadNote, login, main, printResult, request, round, startChild, table, tempDir, type ResultRow } from './support.js';

const { quick } = flags();
/** LUOT_LIGHTHOUSE_RUNS=N: more runs per page on a noisy machine (the median is kept). */
const RUNS = quick ? 1 : Number(process.env.LUOT_LIGHTHOUSE_RUNS ?? 2);
/** A run that takes longer has hung (a page that never settles): the bench fails rather than waits. */
const RUN_LIMIT_MS = 120_000;
/** LUOT_LIGHTHOUSE_REPORTS=DIR keeps every run's full report (JSON, open it in the Lighthouse viewer). */
const REPORT_DIR = process.env.LUOT_LIGHTHOUSE_REPORTS;

interface Page {
  key: string;
  label: string;
  path: string;
}

interface Scores {
  performance: number;
  accessibility: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  /** Lighthouse's own measure of the machine's speed at the start of the run (higher is faster). */
  benchmarkIndex: number;
  /** Accessibility audits that did not pass, with the elements they name. */
  a11yFailures: string[];
  /** Performance audits below 0.9 that carry weight, for the printed diagnosis. */
  perfHints: string[];
}

async function audit(url: string, port: number): Promise<Scores> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Lighthouse on ${url}: no result within ${RUN_LIMIT_MS / 1000} s`)), RUN_LIMIT_MS);
  });
  // No config: Lighthouse's default is the mobile profile (Moto G Power screen, 4× CPU slow-down)
  // with simulated throttling (slow 4G), which is what the goals are stated in.
  const result = await Promise.race([lighthouse(url, { port, logLevel: 'error', output: 'json', onlyCategories: ['performance', 'accessibility'] }), limit]).finally(() =>
    clearTimeout(timer),
  );
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`Lighthouse on ${url}: no result`);
  if (REPORT_DIR) writeFileSync(join(REPORT_DIR, `${new URL(url).pathname.replace(/\W+/g, '_')}-${Date.now()}.json`), JSON.stringify(lhr));
  if (lhr.runtimeError) throw new LighthouseRuntimeError(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const num = (id: string): number => {
    const v = lhr.audits[id]?.numericValue;
    if (typeof v !== 'number') throw new Error(`Lighthouse on ${url}: no ${id}`);
    return v;
  };
  const score = (id: 'performance' | 'accessibility'): number => {
    const s = lhr.categories[id]?.score;
    if (typeof s !== 'number') throw new Error(`Lighthouse on ${url}: no ${id} score`);
    return Math.round(s * 100);
  };
  const a11yFailures = (lhr.categories.accessibility?.auditRefs ?? [])
    .map((ref) => lhr.audits[ref.id]!)
    .filter((a) => a.score !== null && a.score < 1)
    .map((a) => {
      const items = ((a.details as { items?: { node?: { selector?: string; snippet?: string } }[] } | undefined)?.items ?? [])
        .slice(0, 3)
        .map((i) => i.node?.selector ?? i.node?.snippet ?? '?');
      return `${a.id}: ${a.title}${items.length ? ` [${items.join(' | ')}]` : ''}`;
    });
  const perfHints = (lhr.categories.performance?.auditRefs ?? [])
    .filter((ref) => ref.weight > 0)
    .map((ref) => lhr.audits[ref.id]!)
    .filter((a) => a.score !== null && a.score < 0.9)
    .map((a) => `${a.id}: ${a.displayValue ?? ''} (score ${a.score})`);
  // Opportunities and diagnostics (weight 0) that name a cost: render-blocking, unused JS, …
  for (const id of ['render-blocking-resources', 'unused-javascript', 'bootup-time', 'mainthread-work-breakdown', 'font-display', 'largest-contentful-paint-element']) {
    const a = lhr.audits[id];
    if (a && a.score !== null && a.score < 1) perfHints.push(`${id}: ${a.displayValue ?? ''}`.trimEnd());
  }
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    a11yFailures,
    perfHints,
  };
}

/**
 * Lighthouse's own failures to record a load (NO_NAVSTART, NO_FCP: its trace, on a machine too
 * busy for it) are not a figure of the page: such a run is repeated, twice at most.
 */
async function auditRetrying(url: string, port: number): Promise<Scores> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(url, port);
    } catch (e) {
      if (attempt >= 3 || !(e instanceof LighthouseRuntimeError)) throw e;
      console.log(`  (${e.message}: run again)`);
    }
  }
}

class LighthouseRuntimeError extends Error {}

/** The median; for an even count the mean of the middle two (two runs: their mean). */
function mid(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

main(async () => {
  if (noBrowser) throw new Error('no Chromium: the Lighthouse bench needs /usr/bin/chromium (or CHROMIUM_PATH)');
  if (REPORT_DIR) mkdirSync(REPORT_DIR, { recursive: true });
  console.log(`lighthouse: ${RUNS} run(s) per page, mobile profile, simulated throttling; ${loadNote()}`);
  // The code as it is now, built into a folder of this run's own: a dist/ left from an older
  // build would be measured as if current, and a rebuild of dist/ by someone else mid-run would
  // pull files from under the server. LUOT_LIGHTHOUSE_DIST=DIR measures a build made beforehand.
  const served = tempDir('lighthouse-dist');
  if (process.env.LUOT_LIGHTHOUSE_DIST) {
    cpSync(process.env.LUOT_LIGHTHOUSE_DIST, served, { recursive: true });
  } else {
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn', '--outDir', served, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  if (!existsSync(join(served, 'kiosk', 'index.html')) || !existsSync(join(served, 'display', 'index.html'))) {
    throw new Error(`${process.env.LUOT_LIGHTHOUSE_DIST ?? 'the build'} has no kiosk or display page`);
  }
  writeFileSync(
    join(served, 'floor.html'),
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Lượt</title></head><body><main><h1>Lấy số thứ tự</h1><p>Trang tối giản làm mốc so sánh.</p></main></body></html>\n',
  );

  const server = await startChild({ mode: 'luot', dataDir: tempDir('lighthouse-data'), staticDir: served, kioskPerSec: 1000 });
  const profile = tempDir('lighthouse-chromium');
  const chromium = await devtoolsChromium(profile);
  try {
    // A day in progress: tickets waiting in every open service, and counters that have called.
    const kiosk = await connect(server.url, '/kiosk');
    let token = '';
    for (const serviceId of ['tu-phap', 'ho-tich', 'dat-dai', 'dkkd', 'ldtbxh', 'tu-phap', 'ho-tich', 'dat-dai']) {
      const r = await request<{ ticket: { token: string } }>(kiosk, 'ticket:issue', { serviceId });
      token ||= r.ticket.token;
    }
    const counter = await connect(server.url, '/counter', { token: await login(server.url) });
    for (const counterId of ['q1', 'q2', 'q3']) await request(counter, 'ticket:callNext', { counterId }).catch(() => undefined);
    kiosk.close();
    counter.close();

    const pages: Page[] = [
      { key: 'kiosk', label: 'kiosk /kiosk/', path: '/kiosk/' },
      { key: 'display', label: 'wall display /display/', path: '/display/' },
      { key: 'ticket', label: 'citizen page /t/<token>', path: `/t/${token}` },
      { key: 'floor', label: 'bare HTML page (baseline)', path: '/floor.html' },
    ];
    const medians = new Map<string, Omit<Scores, 'a11yFailures' | 'perfHints'>>();
    const printed: (string | number)[][] = [];
    for (const p of pages) {
      const runs: Scores[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = await auditRetrying(`${server.url}${p.path}`, chromium.port);
        runs.push(s);
        printed.push([p.label, i + 1, s.performance, s.accessibility, round(s.fcp, 0), round(s.lcp, 0), round(s.tbt, 0), round(s.cls, 3), Math.round(s.benchmarkIndex)]);
      }
      const m = {
        performance: mid(runs.map((r) => r.performance)),
        accessibility: mid(runs.map((r) => r.accessibility)),
        fcp: mid(runs.map((r) => r.fcp)),
        lcp: mid(runs.map((r) => r.lcp)),
        tbt: mid(runs.map((r) => r.tbt)),
        cls: mid(runs.map((r) => r.cls)),
        benchmarkIndex: mid(runs.map((r) => r.benchmarkIndex)),
      };
      medians.set(p.key, m);
      const failures = [...new Set(runs.flatMap((r) => r.a11yFailures))];
      const hints = [...new Set(runs.flatMap((r) => r.perfHints))];
      console.log(`\n${p.label}: performance ${m.performance}, accessibility ${m.accessibility}`);
      for (const f of failures) console.log(`  a11y ✗ ${f}`);
      for (const h of hints) console.log(`  perf · ${h}`);
    }
    console.log('\n' + table(['page', 'run', 'performance', 'accessibility', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'benchmarkIndex'], printed));
    // benchmarkIndex is Lighthouse's own CPU probe: a busy machine lowers it and inflates TBT.
    console.log(`(${loadNote()}; benchmarkIndex: Lighthouse's CPU probe, lower = busier machine)`);

    const rows: ResultRow[] = [];
    for (const p of pages) {
      const m = medians.get(p.key)!;
      const row = (column: string, what: string, value: number, unit: string): ResultRow => ({
        id: `lighthouse-${p.key}-${column.toLowerCase()}`,
        group: p.label,
        column,
        metric: `${p.label}: ${what}`,
        value,
        unit,
      });
      rows.push(
        row('performance', 'performance score', m.performance, ''),
        row('accessibility', 'accessibility score', m.accessibility, ''),
        row('FCP', 'first contentful paint', round(m.fcp, 0), 'ms'),
        row('LCP', 'largest contentful paint', round(m.lcp, 0), 'ms'),
        row('TBT', 'total blocking time', round(m.tbt, 0), 'ms'),
        row('CLS', 'cumulative layout shift', round(m.cls, 3), ''),
        row('benchmarkIndex', "Lighthouse's CPU probe (higher = faster machine)", Math.round(m.benchmarkIndex), ''),
      );
    }
    printResult('lighthouse', rows);
  } finally {
    await chromium.close();
    await server.stop();
  }
});
