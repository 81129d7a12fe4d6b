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
    // Pages and route handlers never reach the mock but through its seam.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^@/mocks/', message: 'The mock is reached through lib/wechat/backend.ts.' }] },
      ],
    },
  },
  {
    ignores: [
      '.next/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'tools/bench/results/**',
      '.stryker-tmp/**',
      'reports/**',
    ],
  },
];

export default config;
