import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const APP_CODE = ['app', 'lib', 'components', 'mocks', 'proxy.ts'];

function sourceFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full)
    .flatMap((name) => sourceFiles(join(path, name)))
    .filter((f) => /\.(ts|tsx)$/.test(f));
}

const files = APP_CODE.flatMap(sourceFiles).map((file) => ({
  file: relative(ROOT, join(ROOT, file)),
  text: readFileSync(join(ROOT, file), 'utf8'),
}));

describe('architecture rules', () => {
  it('reads process.env only in lib/env', () => {
    const readers = files
      .filter(({ file, text }) => text.includes('process.env') && !file.startsWith('lib/env/'))
      .map((f) => f.file);
    expect(readers).toEqual([]);
  });

  it('fences every module that reads the configuration or the cookies with server-only', () => {
    const unfenced = files
      .filter(
        ({ file, text }) =>
          file.startsWith('lib/') && /^import (?!type )[^;]*from '(@\/lib\/env|next\/headers)'/m.test(text),
      )
      .filter(({ text }) => !text.includes("import 'server-only'"))
      .map((f) => f.file);
    expect(unfenced).toEqual([]);
  });

  it('fences the public surfaces of lib/env, lib/wechat and lib/session and the mock instance', () => {
    for (const file of [
      'lib/env/index.ts',
      'lib/wechat/index.ts',
      'lib/session/index.ts',
      'mocks/wechat/instance.ts',
    ]) {
      expect(readFileSync(join(ROOT, file), 'utf8').startsWith("import 'server-only';")).toBe(true);
    }
  });

  it('keeps client components away from server modules', () => {
    const clientFiles = files.filter(({ text }) => /^['"]use client['"]/.test(text.trimStart()));
    for (const { file, text } of clientFiles) {
      expect({ file, importsServer: /from '@\/lib\/(env|wechat|session|app-context|profile)/.test(text) }).toEqual({
        file,
        importsServer: false,
      });
    }
  });
});
