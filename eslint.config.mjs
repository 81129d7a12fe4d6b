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
  { ignores: ['.next/**', 'coverage/**', 'test-results/**', 'playwright-report/**', 'tools/bench/results/**'] },
];

export default config;
