import next from 'eslint-config-next';

const config = [...next, { ignores: ['.next/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] }];

export default config;
