import { generateState, sealState, verifyState } from '@/lib/session/state';
import { TEST_SESSION_SECRET } from '../../support/env';

describe('OAuth state', () => {
  it('is 32 characters of WeChat’s allowed charset and different every time', () => {
    const states = new Set(Array.from({ length: 200 }, generateState));
    expect(states.size).toBe(200);
    for (const state of states) expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('verifies only the exact state sealed in this browser’s cookie', async () => {
    const state = generateState();
    const cookie = await sealState(
      { state, returnTo: '/profile', app: 'mp', scope: 'snsapi_userinfo', hop: 1 },
      TEST_SESSION_SECRET,
    );
    await expect(verifyState(cookie, state, TEST_SESSION_SECRET)).resolves.toMatchObject({
      returnTo: '/profile',
      hop: 1,
    });
    await expect(verifyState(cookie, generateState(), TEST_SESSION_SECRET)).resolves.toBeNull();
    await expect(verifyState(cookie, null, TEST_SESSION_SECRET)).resolves.toBeNull();
    await expect(verifyState(undefined, state, TEST_SESSION_SECRET)).resolves.toBeNull();
  });
});
