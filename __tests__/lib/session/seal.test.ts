import { z } from 'zod';
import { seal, unseal } from '@/lib/session/seal';
import { sealSession, sessionFromTokens, unsealSession } from '@/lib/session/session';
import { TEST_SESSION_SECRET } from '../../support/env';

const Payload = z.object({ openid: z.string() });
const OTHER_SECRET = 'another-deployment-secret-of-32-characters!!';

const token = {
  access_token: 'ACCESS_TOKEN_VALUE',
  expires_in: 7200,
  refresh_token: 'REFRESH_TOKEN_VALUE',
  openid: 'oOpenid',
  scope: 'snsapi_base',
};

describe('sealed cookies', () => {
  it('refuses to seal what a browser would drop or unseal would refuse, rather than set a cookie it cannot read back', async () => {
    await expect(seal({ filler: 'x'.repeat(5000) }, TEST_SESSION_SECRET, 'session', 60)).rejects.toMatchObject({
      name: 'SealTooLargeError',
      message: 'a sealed session would not fit a cookie',
    });
  });

  it('seals and opens a value of exactly 4096 characters, the most a browser keeps', async () => {
    let filler = 'x'.repeat(2900);
    let sealed = await seal({ filler }, TEST_SESSION_SECRET, 'session', 60);
    // base64url grows by 1 or 2 characters a byte, so one filler length lands on 4096 before any exceeds it.
    while (sealed.length < 4096) sealed = await seal({ filler: (filler += 'x') }, TEST_SESSION_SECRET, 'session', 60);
    expect(sealed).toHaveLength(4096);
    await expect(unseal(sealed, TEST_SESSION_SECRET, 'session', z.object({ filler: z.string() }))).resolves.toEqual({
      filler,
    });
  });

  it('round-trips a payload', async () => {
    const sealed = await seal({ openid: 'o1' }, TEST_SESSION_SECRET, 'session', 60);
    await expect(unseal(sealed, TEST_SESSION_SECRET, 'session', Payload)).resolves.toEqual({ openid: 'o1' });
  });

  it('hides tokens: the sealed value is encrypted, not just signed', async () => {
    const sealed = await sealSession(sessionFromTokens(token, null, 'snsapi_base'), TEST_SESSION_SECRET);
    const readable = sealed
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join('');
    expect(readable).not.toContain('ACCESS_TOKEN_VALUE');
    expect(readable).not.toContain('oOpenid');
  });

  it('treats a tampered cookie as no session, without throwing', async () => {
    const sealed = await sealSession(sessionFromTokens(token, null, 'snsapi_base'), TEST_SESSION_SECRET);
    const parts = sealed.split('.');
    const body = parts[3]!;
    parts[3] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    await expect(unsealSession(parts.join('.'), TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('treats a truncated cookie as no session', async () => {
    const sealed = await sealSession(sessionFromTokens(token, null, 'snsapi_base'), TEST_SESSION_SECRET);
    await expect(unsealSession(sealed.slice(0, sealed.length - 10), TEST_SESSION_SECRET)).resolves.toBeNull();
    await expect(unsealSession(sealed.split('.').slice(0, 3).join('.'), TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('treats a cookie sealed by another deployment (another secret) as no session', async () => {
    const foreign = await sealSession(sessionFromTokens(token, null, 'snsapi_base'), OTHER_SECRET);
    await expect(unsealSession(foreign, TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('never accepts a state cookie as a session cookie', async () => {
    const state = await seal(sessionFromTokens(token, null, 'snsapi_base'), TEST_SESSION_SECRET, 'state', 60);
    await expect(unsealSession(state, TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('opens a cookie sealed by an earlier deploy with the same secret, so a deploy signs no one out', async () => {
    // Sealed at 2026-01-01T00:00:00Z for 60 s by the code as it was; a change to the key derivation breaks it.
    const sealedEarlier =
      'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwidHlwIjoic2Vzc2lvbiJ9..1k0k6BOuCBfuxxdN.0yN6snTMRy5TS_q68JZcuvn4gkL6J5A2kETQ7-4VqSAIdaJJi_KGSNs_QZV2nwETNKrCk5tF7vSNLjA.KmFNzV8gY5b8AsYyY3GABQ';
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:30Z') });
    try {
      await expect(unseal(sealedEarlier, TEST_SESSION_SECRET, 'session', Payload)).resolves.toEqual({
        openid: 'oKnownAnswer',
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('treats an expired cookie as no session', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    try {
      const sealed = await seal({ openid: 'o1' }, TEST_SESSION_SECRET, 'session', 60);
      jest.setSystemTime(new Date('2026-01-01T00:02:00Z'));
      await expect(unseal(sealed, TEST_SESSION_SECRET, 'session', Payload)).resolves.toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it.each([
    ['an empty value', ''],
    ['garbage', 'garbage'],
    ['five dots of nothing', 'a.b.c.d.e'],
    ['percent signs', '%%%'],
    ['5000 characters', 'x'.repeat(5000)],
  ])('treats %s as no session', async (_, junk) => {
    await expect(unsealSession(junk, TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('rejects a genuine cookie whose payload has the wrong shape', async () => {
    const sealed = await seal({ openid: 42 }, TEST_SESSION_SECRET, 'session', 60);
    await expect(unsealSession(sealed, TEST_SESSION_SECRET)).resolves.toBeNull();
  });
});
