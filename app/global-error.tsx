'use client';

import { Apology } from '@/components/apology';

/**
 * When the root layout itself fails (a misconfigured deployment: lib/env has logged which variable), this replaces
 * the whole document, so it brings its own <html lang="zh-CN"> and stylesheet. A retry reloads the page.
 */
export default function GlobalError() {
  return (
    <html lang="zh-CN">
      <head>
        <meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover" />
        <meta name="color-scheme" content="light dark" />
        <title>出错了</title>
        <link rel="stylesheet" href="/styles/app.css" />
      </head>
      <body>
        <Apology onRetry={() => window.location.reload()} />
      </body>
    </html>
  );
}
