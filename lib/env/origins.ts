// Pure, no server-only fence: lib/env, which proxy.ts imports, parses WECHAT_RELAY_ALLOWED_ORIGINS with it.

/** An exact origin, or one whose first label starts with `*`, which never stands for a dot. */
export type OriginPattern =
  | { kind: 'exact'; origin: string }
  | { kind: 'wildcard'; protocol: string; port: string; labelEnd: string; domain: string };

type OriginListResult = { ok: true; patterns: OriginPattern[] } | { ok: false; problem: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const WILDCARD = /^(https?):\/\/\*([a-z0-9-]*)\.([a-z0-9.-]+?)(?::(\d{1,5}))?$/;
// Hosts where anyone can name a subdomain: `*` alone over one of them would allow every stranger's project.
const SHARED_HOSTING =
  /^(vercel\.app|netlify\.app|pages\.dev|workers\.dev|github\.io|herokuapp\.com|web\.app|firebaseapp\.com|onrender\.com|fly\.dev|azurewebsites\.net|cloudfront\.net|amplifyapp\.com|glitch\.me|(co|com|net|org|gov|edu|ac)\.[a-z]{2})$/;
const ENTRY_RULE =
  'must be an origin such as https://wx.example.com or a pattern such as https://*-acme.vercel.app (lower case; no path, user name or default port; one * at the start of the first label, followed by at least two labels; on a shared host such as vercel.app the * needs a fixed end, e.g. *-acme)';

/** Exactly an http(s) origin as a browser writes it: lower case, no path, no user name, no default port. */
export function isCanonicalOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}

function parseWildcard(entry: string): OriginPattern | null {
  const match = WILDCARD.exec(entry);
  if (!match) return null;
  const [, scheme = '', labelEnd = '', domain = '', port = ''] = match;
  const labels = domain.split('.');
  // Two labels at least after the first, and a TLD that is a name: `*.com` or `*.0.0.1` would allow far too much.
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  if (!/[a-z]/.test(labels.at(-1) ?? '')) return null;
  // `*-acme.vercel.app` names a team's projects; `*.vercel.app` would name everyone's.
  if (labelEnd === '' && SHARED_HOSTING.test(domain)) return null;
  // The label with one character for the `*` must be a DNS label: at most 63 characters, not ending in `-`.
  if (!LABEL.test(`x${labelEnd}`)) return null;
  const example = `${scheme}://x${labelEnd}.${domain}${port ? `:${port}` : ''}`;
  if (!isCanonicalOrigin(example)) return null;
  return { kind: 'wildcard', protocol: `${scheme}:`, port, labelEnd, domain };
}

/** A problem names the entry by its position, never by its text. */
export function parseAllowedOrigins(list: string): OriginListResult {
  const entries = list.split(',').map((entry) => entry.trim());
  const patterns: OriginPattern[] = [];
  for (const [index, entry] of entries.entries()) {
    const pattern: OriginPattern | null = entry.includes('*')
      ? parseWildcard(entry)
      : isCanonicalOrigin(entry)
        ? { kind: 'exact', origin: entry }
        : null;
    if (!pattern) return { ok: false, problem: `entry ${index + 1} ${ENTRY_RULE}` };
    patterns.push(pattern);
  }
  return { ok: true, patterns };
}

function matchesWildcard(url: URL, pattern: Extract<OriginPattern, { kind: 'wildcard' }>): boolean {
  if (url.protocol !== pattern.protocol || url.port !== pattern.port) return false;
  const suffix = `${pattern.labelEnd}.${pattern.domain}`;
  const host = url.hostname;
  if (host.length <= suffix.length || !host.endsWith(suffix)) return false;
  const start = host.slice(0, host.length - suffix.length);
  // The `*` stays inside the first label: no dot, and that label is a DNS label as a whole.
  return /^[a-z0-9-]+$/.test(start) && LABEL.test(`${start}${pattern.labelEnd}`);
}

export function isAllowedOrigin(origin: string, patterns: readonly OriginPattern[]): boolean {
  if (!isCanonicalOrigin(origin)) return false;
  const url = new URL(origin);
  return patterns.some((pattern) =>
    pattern.kind === 'exact' ? pattern.origin === origin : matchesWildcard(url, pattern),
  );
}
