/** WECHAT_RELAY_ALLOWED_ORIGINS: the strict parser, and the matcher the relay asks before it forwards a code. */
import fc from 'fast-check';
import { isAllowedOrigin, isCanonicalOrigin, parseAllowedOrigins, type OriginPattern } from '@/lib/env/origins';

function patterns(list: string): OriginPattern[] {
  const result = parseAllowedOrigins(list);
  if (!result.ok) throw new Error(result.problem);
  return result.patterns;
}

describe('parseAllowedOrigins', () => {
  it('takes exact origins and patterns with one leading * in the first label, separated by commas', () => {
    expect(patterns('https://wx.example.com, http://localhost:3000,https://*-acme.vercel.app')).toEqual([
      { kind: 'exact', origin: 'https://wx.example.com' },
      { kind: 'exact', origin: 'http://localhost:3000' },
      { kind: 'wildcard', protocol: 'https:', port: '', labelEnd: '-acme', domain: 'vercel.app' },
    ]);
    expect(patterns('https://*.preview.example.com:8443')).toEqual([
      { kind: 'wildcard', protocol: 'https:', port: '8443', labelEnd: '', domain: 'preview.example.com' },
    ]);
  });

  it.each([
    ['an empty entry', ''],
    ['a path', 'https://wx.example.com/app'],
    ['a trailing slash', 'https://wx.example.com/'],
    ['a query', 'https://wx.example.com?x=1'],
    ['upper case', 'https://WX.example.com'],
    ['a default port', 'https://wx.example.com:443'],
    ['a user name', 'https://me@wx.example.com'],
    ['no scheme', 'wx.example.com'],
    ['another scheme', 'ftp://wx.example.com'],
    ['a bare *', '*'],
    ['a * for the whole origin', 'https://*'],
    ['a * not at the start of the label', 'https://app-*.acme.dev'],
    ['a * in a later label', 'https://app.*.acme.dev'],
    ['two *', 'https://**-acme.vercel.app'],
    ['a * in the scheme', 'http*://wx.example.com'],
    ['a * in the port', 'https://*.example.com:*'],
    ['a * before a top-level domain', 'https://*.com'],
    ['a * in a label directly before the top-level domain', 'https://*-acme.com'],
    ['a * before an IP address', 'http://*.0.0.1'],
    ['a label that would end in -', 'https://*-.vercel.app'],
    ['an empty label after the *', 'https://*-acme..vercel.app'],
    ['a * with a path', 'https://*-acme.vercel.app/'],
    ['a * with upper case', 'https://*-Acme.vercel.app'],
    ['a * with a default port', 'https://*-acme.vercel.app:443'],
  ])('refuses %s, naming the entry by its position only', (_name, list) => {
    const result = parseAllowedOrigins(`https://ok.example.com,${list}`);
    expect(result.ok).toBe(false);
    // The same words whatever the entry: its text never reaches the log.
    const other = parseAllowedOrigins('https://ok.example.com,x');
    expect(result).toEqual(other);
    expect(!other.ok && other.problem).toMatch(/^entry 2 must be an origin such as https:\/\/wx\.example\.com/);
  });

  it('never throws, whatever the list', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (list) => {
        parseAllowedOrigins(list);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isAllowedOrigin', () => {
  const list = patterns(
    'https://wx.example.com,http://localhost:3214,https://*-acme.vercel.app,https://*.pr.example.dev',
  );

  it('allows the exact origins and the origins the patterns describe', () => {
    for (const origin of [
      'https://wx.example.com',
      'http://localhost:3214',
      'https://app-git-feature-x-acme.vercel.app',
      'https://a-acme.vercel.app',
      'https://app--acme.vercel.app',
      'https://pr-12.pr.example.dev',
    ]) {
      expect({ origin, allowed: isAllowedOrigin(origin, list) }).toEqual({ origin, allowed: true });
    }
  });

  it('allows nothing else: the issue’s examples, case, ports, user info, paths, encodings, extra labels', () => {
    for (const origin of [
      'https://evil.com/.acme.vercel.app',
      'https://x.acme.vercel.app.evil.com',
      'https://x-acme.vercel.app.evil.com',
      'https://x.y-acme.vercel.app',
      'https://-acme.vercel.app',
      'https://--acme.vercel.app',
      'https://acme.vercel.app',
      'https://vercel.app',
      `https://${'a'.repeat(59)}-acme.vercel.app`,
      'https://APP-acme.vercel.app',
      'HTTPS://wx.example.com',
      'https://wx.example.com:443',
      'https://wx.example.com:8443',
      'http://wx.example.com',
      'http://localhost:3215',
      'http://localhost',
      'https://localhost:3214',
      'http://127.0.0.1:3214',
      'https://evil.com@wx.example.com',
      'https://wx.example.com@evil.com',
      'https://wx.example.com/',
      'https://wx.example.com/x',
      'https://wx.example.com.',
      'https://wx.example.com%2F@evil.com',
      'https://evil.com%2F.acme.vercel.app',
      'https://xn--acme-9ta.vercel.app',
      'https://a.pr.example.dev.evil.com',
      'https://a.b.pr.example.dev',
      'https://pr.example.dev',
      '',
      'null',
      '*',
      'https://*-acme.vercel.app',
    ]) {
      expect({ origin, allowed: isAllowedOrigin(origin, list) }).toEqual({ origin, allowed: false });
    }
  });

  it('allows nothing with an empty list', () => {
    expect(isAllowedOrigin('https://wx.example.com', [])).toBe(false);
  });
});

/** What https://*-acme.vercel.app means, written again without lib/env/relay.ts: the oracle for generated origins. */
const PREVIEW = /^https:\/\/[a-z0-9][a-z0-9-]{0,57}-acme\.vercel\.app$/;
/** A label starting `xn--` that is not valid punycode (`https://xn--acme.vercel.app`) names no host: no browser sends it. */
const isPreviewOrigin = (o: string) => PREVIEW.test(o) && URL.canParse(o);

const near = (base: string) =>
  fc
    .tuple(
      fc.nat(base.length),
      fc.nat(2),
      fc.oneof(
        fc.constantFrom('.', '/', '@', ':', '%2F', '\\', '-', '.evil.com', 'evil.com/', ':443', '#', '?', 'A', '*'),
        fc.string({ unit: 'binary-ascii', maxLength: 3 }),
      ),
    )
    .map(([at, cut, insert]) => base.slice(0, at) + insert + base.slice(Math.min(base.length, at + cut)));

describe('isAllowedOrigin under generated origins', () => {
  const wildcard = patterns('https://*-acme.vercel.app');

  it('agrees with the oracle on thousands of origins near and far from the pattern: no false accept, no false refusal', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,70}$/);
    const origin = fc.oneof(
      label.map((l) => `https://${l}-acme.vercel.app`),
      near('https://app-git-main-acme.vercel.app'),
      near('https://x-acme.vercel.app'),
      fc.webUrl(),
      fc.domain().map((d) => `https://${d}`),
      fc.string({ maxLength: 50 }),
    );
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(origin, (o) => {
        runs++;
        const allowed = isAllowedOrigin(o, wildcard);
        expect({ o, allowed }).toEqual({ o, allowed: isPreviewOrigin(o) });
        if (allowed) accepted++;
      }),
      { numRuns: 5000 },
    );
    expect(accepted).toBeGreaterThan(runs / 10);
  });

  it('refuses a preview-shaped origin whose label is broken punycode, since no browser can send it', () => {
    expect(isAllowedOrigin('https://xn--acme.vercel.app', wildcard)).toBe(false);
    expect(isAllowedOrigin('https://xn-acme.vercel.app', wildcard)).toBe(true);
  });

  it('an exact entry allows that very string and nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(near('https://wx.example.com'), fc.webUrl()), (o) => {
        expect(isAllowedOrigin(o, patterns('https://wx.example.com'))).toBe(o === 'https://wx.example.com');
      }),
      { numRuns: 3000 },
    );
  });

  it('whatever the pattern, an origin it allows has the pattern’s scheme, port and domain, and one label more', () => {
    const parts = fc.tuple(
      fc.constantFrom('http', 'https'),
      fc.stringMatching(/^(-?[a-z0-9]{1,5})?$/),
      fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?(\.[a-z0-9]{1,8}){0,1}\.[a-z]{2,4}$/),
      fc.constantFrom('', ':8080', ':3000'),
    );
    const case_ = parts.chain(([scheme, end, domain, port]) => {
      const likely = `${scheme}://x${end}.${domain}${port}`;
      return fc.record({
        entry: fc.constant(`${scheme}://*${end}.${domain}${port}`),
        origin: fc.oneof(fc.constant(likely), near(likely), fc.webUrl()),
      });
    });
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(case_, ({ entry, origin }) => {
        runs++;
        const parsed = parseAllowedOrigins(entry);
        if (!parsed.ok) return;
        const [p] = parsed.patterns;
        if (!p || p.kind !== 'wildcard' || !isAllowedOrigin(origin, parsed.patterns)) return;
        accepted++;
        const url = new URL(origin);
        expect(isCanonicalOrigin(origin)).toBe(true);
        expect(url.protocol).toBe(p.protocol);
        expect(url.port).toBe(p.port);
        expect(url.hostname.endsWith(`${p.labelEnd}.${p.domain}`)).toBe(true);
        expect(url.hostname.split('.').length).toBe(p.domain.split('.').length + 1);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(runs / 10);
  });
});
