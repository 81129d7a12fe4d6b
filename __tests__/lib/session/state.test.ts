import { NextResponse } from 'next/server';
import { createState, verifyState } from '@/lib/session/state';
import { TEST_SESSION_SECRET } from '../../support/env';

const cookie = { secret: TEST_SESSION_SECRET, secure: true };
const payload = { returnTo: '/profile', app: 'mp', scope: 'snsapi_userinfo', hop: 1 } as const;

async function started() {
  const { state, bind } = await createState(payload, cookie);
  return { state, sealed: bind(new NextResponse(null)).cookies.get('wx_state')?.value };
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
});
