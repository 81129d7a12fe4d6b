'use client';

import { Apology } from '@/components/apology';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return <Apology onRetry={reset} />;
}
