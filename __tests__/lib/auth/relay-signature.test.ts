/** The relay link's signature: HMAC-SHA256 of the target origin under WECHAT_RELAY_SECRET, compared in constant time. */
import fc from 'fast-check';
import { signRelayTarget, verifyRelayTarget } from '@/lib/auth/relay';

const secret = fc.string({ minLength: 32, maxLength: 64 });
const origin = fc.oneof(fc.webUrl(), fc.string({ maxLength: 80 }), fc.constant('https://app-git-x-acme.vercel.app'));

describe('signRelayTarget', () => {
  it('is 43 characters of base64url: short enough for redirect_uri, safe in a query without encoding', () => {
    fc.assert(
      fc.property(origin, secret, (o, s) => {
        expect(signRelayTarget(o, s)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('is HMAC-SHA256 of a purpose-bound message, as openssl computes it (so a change to the scheme is seen)', () => {
    // printf 'wechat-oauth-next relay target v1\nhttps://app-acme.vercel.app' |
    //   openssl dgst -sha256 -hmac kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk -binary | base64 | tr '+/' '-_' | tr -d '='
    expect(signRelayTarget('https://app-acme.vercel.app', 'k'.repeat(32))).toBe(
      'lEN6K8CuuuT4_s2_J30rKJYCDKgd3-srvqESXEhLjTk',
    );
  });
});

describe('verifyRelayTarget under generated links: no false accept', () => {
  it('accepts the signature of the very origin under the very secret', () => {
    fc.assert(
      fc.property(origin, secret, (o, s) => {
        expect(verifyRelayTarget(o, signRelayTarget(o, s), s)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses it for any other origin', () => {
    fc.assert(
      fc.property(origin, origin, secret, (signed, named, s) => {
        fc.pre(signed !== named);
        expect(verifyRelayTarget(named, signRelayTarget(signed, s), s)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a signature made with any other secret', () => {
    fc.assert(
      fc.property(origin, secret, secret, (o, right, wrong) => {
        fc.pre(right !== wrong);
        expect(verifyRelayTarget(o, signRelayTarget(o, wrong), right)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses every tampered signature: a character changed, cut, added, or a string of any shape', () => {
    const tampering = fc.oneof(
      fc.tuple(fc.nat(42), fc.constantFrom(...'ABCDEFabcdef0123456789-_')).map(
        ([at, c]) =>
          (sig: string) =>
            sig.slice(0, at) + c + sig.slice(at + 1),
      ),
      fc.nat(43).map((n) => (sig: string) => sig.slice(0, n)),
      fc.string({ maxLength: 3 }).map((extra) => (sig: string) => sig + extra),
      fc.string({ maxLength: 60 }).map((other) => () => other),
      fc.constant((sig: string) => `${sig}=`),
      fc.constant((sig: string) => sig.toUpperCase()),
    );
    fc.assert(
      fc.property(origin, secret, tampering, (o, s, tamper) => {
        const genuine = signRelayTarget(o, s);
        const forged = tamper(genuine);
        fc.pre(forged !== genuine);
        expect(verifyRelayTarget(o, forged, s)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });
});
