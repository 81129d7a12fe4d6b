/** `npm start` refuses a bad configuration before `next start` can print "Ready". */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each test starts tsx, which can take seconds on a busy machine.
jest.setTimeout(30_000);

const ROOT = join(__dirname, '../../..');
const CHECK = join(ROOT, 'scripts/check-env.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Runs the check as `npm start` does, in a folder of its own (its .env files, if any) and only these variables. */
function checkBeforeStart(env: Record<string, string>, files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'start-check-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = spawnSync(TSX, [CHECK], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...env } as unknown as NodeJS.ProcessEnv,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter(Boolean) };
}

describe('npm start with a bad configuration', () => {
  it('refuses with one line that names what is missing and the way out, and nothing on stdout', () => {
    const { status, stdout, stderrLines } = checkBeforeStart({});
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderrLines).toEqual([
      'Invalid configuration: WECHAT_APPID is not set: set WECHAT_APPID, WECHAT_APPSECRET and SESSION_SECRET for a real Official Account, or WECHAT_MOCK=1 for the built-in mock',
    ]);
  });

  it('names a malformed variable without its value', () => {
    const secret = 'short';
    const { status, stderrLines } = checkBeforeStart({
      WECHAT_APPID: 'wx0000000000test01',
      WECHAT_APPSECRET: 'test-secret-0123456789abcdef',
      SESSION_SECRET: secret,
    });
    expect(status).toBe(1);
    expect(stderrLines).toHaveLength(1);
    expect(stderrLines[0]).toContain('SESSION_SECRET must be at least 32 characters');
    expect(stderrLines[0]).not.toContain(`=${secret}`);
  });
});

describe('npm start with a configuration that runs', () => {
  it('lets the built-in mock start with WECHAT_MOCK=1 alone, asking for nothing else', () => {
    expect(checkBeforeStart({ WECHAT_MOCK: '1' })).toMatchObject({ status: 0, stderrLines: [] });
  });

  it('reads the .env files next start reads', () => {
    const files = { '.env.local': 'WECHAT_MOCK=1\n' };
    expect(checkBeforeStart({}, files)).toMatchObject({ status: 0 });
  });
});
