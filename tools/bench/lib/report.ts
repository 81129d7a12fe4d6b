export interface Line {
  section: string;
  metric: string;
  value: string;
  budget?: string;
  pass?: boolean;
}

const width = (lines: readonly Line[], pick: (l: Line) => string): number =>
  Math.max(...lines.map((l) => [...pick(l)].length));

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - [...text].length));
}

/** One plain-text table: section, metric, measured value, budget, pass/fail. */
export function formatTable(lines: readonly Line[]): string {
  const head: Line = { section: 'section', metric: 'metric', value: 'value', budget: 'budget', pass: undefined };
  const all = [head, ...lines];
  const w = [
    width(all, (l) => l.section),
    width(all, (l) => l.metric),
    width(all, (l) => l.value),
    width(all, (l) => l.budget ?? ''),
  ];
  const row = (l: Line, verdict: string) =>
    [pad(l.section, w[0]!), pad(l.metric, w[1]!), pad(l.value, w[2]!), pad(l.budget ?? '', w[3]!), verdict].join(' | ');
  const rule = w
    .map((n) => '-'.repeat(n))
    .concat('----')
    .join('-+-');
  return [
    row(head, 'ok?'),
    rule,
    ...lines.map((l) => row(l, l.pass === undefined ? '' : l.pass ? 'PASS' : 'FAIL')),
  ].join('\n');
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;
export const rps = (n: number): string => `${n.toFixed(0)} req/s`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
