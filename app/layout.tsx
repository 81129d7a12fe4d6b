import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import { getEnv } from '@/lib/env';
import { backendFor } from '@/lib/wechat/backend';

export const metadata: Metadata = {
  title: '微信网页授权示例',
  description: '在微信中打开，授权后显示你的微信个人资料。',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  viewportFit: 'cover',
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ededed' },
    { media: '(prefers-color-scheme: dark)', color: '#111111' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page depends on the configuration read at request time (and carries a per-request CSP nonce).
  await connection();
  const { banner } = backendFor(getEnv());
  return (
    <html lang="zh-CN">
      <head>
        <link rel="stylesheet" href="/styles/app.css" precedence="default" />
      </head>
      <body>
        {banner && <div className="banner-slot" dangerouslySetInnerHTML={{ __html: banner }} />}
        {children}
      </body>
    </html>
  );
}
