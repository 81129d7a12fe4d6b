import { NextRequest, NextResponse } from 'next/server';
import { createState, verifyState } from '@/lib/session/state';
import { TEST_ORIGIN, TEST_SESSION_SECRET } from '../../support/env';

const cookie = { secret: TEST_SESSION_SECRET, secure: true };
const payload = { returnTo: '/profile', app: 'mp', scope: 'snsapi_userinfo', hop: 1 } as const;
/** The longest returnTo sanitizeReturnTo lets through. */
const LONGEST_RETURN_TO = `/${'a'.repeat(511)}`;

/** A sign-in started in a browser whose state cookie is `sealed` (none: a fresh browser). */
async function started(sealed?: string, returnTo: string = payload.returnTo) {
  const request = new NextRequest(
    `${TEST_ORIGIN}/auth/wechat`,
    sealed ? { headers: { cookie: `wx_state=${sealed}` } } : {},
  );
  const { state, bind } = await createState(request, { ...payload, returnTo }, cookie);
  return { state, sealed: bind(new NextResponse(null)).cookies.get('wx_state')?.value ?? '' };
}

/** `count` sign-ins started one after the other in one browser: their states, and the cookie after the last. */
async function startedInOneBrowser(count: number, returnTo: string = payload.returnTo) {
  const states: string[] = [];
  let sealed: string | undefined;
  for (let i = 0; i < count; i++) {
    const next = await started(sealed, returnTo);
    states.push(next.state);
    sealed = next.sealed;
  }
  return { states, sealed: sealed ?? '' };
}

async function stillPending(sealed: string, states: string[]): Promise<boolean[]> {
  return Promise.all(states.map(async (state) => (await verifyState(sealed, state, TEST_SESSION_SECRET)) !== null));
}

describe('OAuth state', () => {
  it('is 32 characters of WeChat’s allowed charset and different every time', async () => {
    const states = new Set(await Promise.all(Array.from({ length: 200 }, async () => (await started()).state)));
    expect(states.size).toBe(200);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('verifies only the exact state sealed in this browser’s cookie', async () => {
    const [{ state, sealed }, other] = await Promise.all([started(), started()]);
    await expect(verifyState(sealed, state, TEST_SESSION_SECRET)).resolves.toMatchObject({
      returnTo: '/profile',
      hop: 1,
    });
    await expect(verifyState(sealed, other.state, TEST_SESSION_SECRET)).resolves.toBeNull();
    await expect(verifyState(sealed, null, TEST_SESSION_SECRET)).resolves.toBeNull();
    await expect(verifyState(undefined, state, TEST_SESSION_SECRET)).resolves.toBeNull();
  });

  it('keeps four sign-ins of one browser pending, and drops the oldest for a fifth', async () => {
    const { states, sealed } = await startedInOneBrowser(5);
    expect(await stillPending(sealed, states)).toEqual([false, true, true, true, true]);
  });

  it('keeps three sign-ins with the longest returnTo pending in a cookie of under 2.8 KB, dropping the oldest for a fourth', async () => {
    const three = await startedInOneBrowser(3, LONGEST_RETURN_TO);
    expect(await stillPending(three.sealed, three.states)).toEqual([true, true, true]);
    expect(three.sealed.length).toBeLessThan(2800);
    const four = await startedInOneBrowser(4, LONGEST_RETURN_TO);
    expect(await stillPending(four.sealed, four.states)).toEqual([false, true, true, true]);
    expect(four.sealed.length).toBeLessThan(2800);
  });

  it('keeps four short sign-ins in a cookie of under 1 KB', async () => {
    const { sealed } = await startedInOneBrowser(4);
    expect(sealed.length).toBeLessThan(1024);
  });
});
