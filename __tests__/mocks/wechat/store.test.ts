import { ExpiringStore } from '@/mocks/wechat/store';
import { exchange, manualClock, newFake, refresh } from './fake';

const MINUTE_MS = 60_000;

describe('the mock’s bounded memory', () => {
  it('drops the oldest entries once it holds maxEntries', () => {
    const store = new ExpiringStore<number>(() => 0, 3);
    for (const key of ['a', 'b', 'c', 'd', 'e']) store.set(key, 1, MINUTE_MS);
    expect(store.size).toBe(3);
    expect([store.get('a'), store.get('b'), store.get('c'), store.get('e')]).toEqual([undefined, undefined, 1, 1]);
  });

  it('reports an expired entry as expired, and sweeps expired entries away as new ones are written', () => {
    const clock = manualClock();
    const store = new ExpiringStore<number>(clock.now, 1000, 10);
    for (let i = 0; i < 9; i++) store.set(`old${i}`, i, MINUTE_MS);
    clock.advance(MINUTE_MS);
    expect(store.get('old0')).toBe('expired');
    expect(store.get('old0')).toBe('expired');
    store.set('new', 1, MINUTE_MS);
    expect(store.size).toBe(1);
    expect(store.get('old0')).toBeUndefined();
    expect(store.get('new')).toBe(1);
  });

  it('keeps a fake’s size bounded after many issued codes that nobody exchanges', () => {
    const fake = newFake({ maxEntries: 500 });
    for (let i = 0; i < 20_000; i++) fake.issueCode();
    expect(fake.size()).toBe(500);
  });

  it('forgets codes once their five minutes are over, however many were issued', () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    for (let i = 0; i < 5_000; i++) fake.issueCode();
    clock.advance(6 * MINUTE_MS);
    for (let i = 0; i < 300; i++) fake.issueCode();
    expect(fake.size()).toBeLessThanOrEqual(300);
  });

  it('stays within four stores of maxEntries through a thousand full sign-ins and refreshes', async () => {
    const fake = newFake({ maxEntries: 50 });
    for (let i = 0; i < 1_000; i++) {
      const token = await exchange(fake, fake.issueCode());
      await refresh(fake, String(token.refresh_token));
    }
    expect(fake.size()).toBeLessThanOrEqual(4 * 50);
  });
});
