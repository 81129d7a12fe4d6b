import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium';

/** Lighthouse's default (mobile, simulated slow 4G and a 4× slower CPU) on one URL; the cookie goes in extraHeaders. */
// `failing`: accessibility and best-practice audits that did not pass, and performance metrics scoring under 0.9.
async function runLighthouse(url: string, cookie?: string) {
  const { default: lighthouse } = await import('lighthouse');
  const { launch } = await import('chrome-launcher');
  const chrome = await launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_ARGS, logLevel: 'silent' });
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
    const thresholds = { accessibility: 1, 'best-practices': 1, performance: 0.9 };
    const failing = Object.entries(thresholds).flatMap(([category, threshold]) =>
      (categories[category]?.auditRefs ?? []).flatMap((ref) => {
        const auditScore = audits[ref.id]?.score;
        return ref.weight > 0 && typeof auditScore === 'number' && auditScore < threshold
          ? [`${ref.id} ${auditScore.toFixed(2)}`]
          : [];
      }),
    );
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      lcpMs: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
      tbtMs: audits['total-blocking-time']?.numericValue ?? Number.NaN,
      cls: audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
      failing,
    };
  } finally {
    await chrome.kill();
  }
}

/** Lighthouse's own advice for variance: several runs, the median by performance score (and every run's score). */
export async function runLighthouseMedian(url: string, cookie: string | undefined, runs: number) {
  const results: Awaited<ReturnType<typeof runLighthouse>>[] = [];
  let traceFailures = 0;
  while (results.length < runs) {
    try {
      results.push(await runLighthouse(url, cookie));
    } catch (error) {
      // Chromium sometimes loses the trace (NO_NAVSTART); that run says nothing about the page, so run again.
      if (!(error instanceof Error && error.message.includes('NO_NAVSTART')) || ++traceFailures > 3) throw error;
    }
  }
  const median = [...results].sort((a, b) => a.performance - b.performance)[Math.floor(runs / 2)]!;
  return { ...median, performanceRuns: results.map((r) => r.performance) };
}
