import next from 'eslint-config-next';

const config = [
  ...next,
  {
    rules: {
      // Plain <a> is deliberate: auth links must be full navigations, and pages work without client JS.
      '@next/next/no-html-link-for-pages': 'off',
      // One static stylesheet is shared by React pages and the HTML pages that route handlers answer.
      '@next/next/no-css-tags': 'off',
    },
  },
  {
    // Pages and route handlers see each area of lib/ through its index only, and never the mock's internals.
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@/lib/[^/]+/.+', message: "Import from the area's index, e.g. '@/lib/session'." },
            { regex: '^@/mocks/', message: 'The mock is reached through @/lib/wechat (serveMockWeChat).' },
            { regex: '^(\\.\\./)+lib/', message: "Import from the area's index, e.g. '@/lib/session'." },
          ],
        },
      ],
    },
  },
  {
    ignores: ['.next/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'tools/bench/results/**'],
  },
];

export default config;
