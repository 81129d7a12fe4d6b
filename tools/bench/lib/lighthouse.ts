import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium';
export interface LighthouseScores {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  /** Accessibility and best-practice audits that did not pass, and performance metrics scoring under 0.9. */
  failing: string[];
  failingNodes: string[];
  /** Performance score of every run; the scores above are from the median one. */
  performanceRuns?: number[];
}

interface Lhr {
  categories: Record<
    string,
    { score: number | null; auditRefs: { id: string; weight: number; group?: string }[] } | undefined
  >;
  audits: Record<
    string,
    | {
        score: number | null;
        numericValue?: number;
        details?: { items?: { node?: { snippet?: string; explanation?: string } }[] };
      }
    | undefined
  >;
}

/** Which elements an accessibility audit found, so the report can name them. */
function failingNodes({ categories, audits }: Lhr): string[] {
  const nodes: string[] = [];
  for (const ref of categories['accessibility']?.auditRefs ?? []) {
    const audit = audits[ref.id];
    if (typeof audit?.score !== 'number' || audit.score >= 1) continue;
    for (const item of audit.details?.items ?? []) {
      if (item.node?.snippet)
        nodes.push(
          `${ref.id}: ${item.node.snippet} — ${(item.node.explanation ?? '').split('\n').slice(0, 2).join(' ')}`,
        );
    }
  }
  return nodes;
}

function failingAudits({ categories, audits }: Lhr): string[] {
  const failing: string[] = [];
  for (const [category, threshold] of [
    ['accessibility', 1],
    ['best-practices', 1],
    ['performance', 0.9],
  ] as const) {
    for (const ref of categories[category]?.auditRefs ?? []) {
      const score = audits[ref.id]?.score;
      if (ref.weight > 0 && typeof score === 'number' && score < threshold)
        failing.push(`${ref.id} ${score.toFixed(2)}`);
    }
  }
  return failing;
}

/** Lighthouse's default (mobile, simulated slow 4G and a 4x slower CPU) on one URL; the cookie goes in extraHeaders. */
export async function runLighthouse(url: string, cookie?: string): Promise<LighthouseScores> {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: CHROMIUM_ARGS,
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) throw new Error(`Lighthouse: ${runtimeError.code}`);
    const score = (id: string) => Math.round((categories[id]?.score ?? 0) * 100);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      lcpMs: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
      tbtMs: audits['total-blocking-time']?.numericValue ?? Number.NaN,
      cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
      failing: failingAudits(result.lhr as unknown as Lhr),
      failingNodes: failingNodes(result.lhr as unknown as Lhr),
    };
  } finally {
    await chrome.kill();
  }
}

/** Lighthouse's own advice for variance: several runs, report the median (by performance score). */
export async function runLighthouseMedian(
  url: string,
  cookie: string | undefined,
  runs: number,
): Promise<LighthouseScores> {
  const results: LighthouseScores[] = [];
  let traceFailures = 0;
  while (results.length < runs) {
    try {
      results.push(await runLighthouse(url, cookie));
    } catch (error) {
      // Chromium sometimes loses the trace (NO_NAVSTART); that run says nothing about the page, so run again.
      if (!(error instanceof Error && error.message.includes('NO_NAVSTART')) || ++traceFailures > 3) throw error;
    }
  }
  const sorted = [...results].sort((a, b) => a.performance - b.performance);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { ...median, performanceRuns: results.map((r) => r.performance) };
}
