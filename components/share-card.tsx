'use client';

import { useEffect } from 'react';

export interface ShareCardProps {
  /** jweixin-1.6.0.js and its fallback, tried in order. */
  scripts: readonly string[];
}

/**
 * Sets the WeChat share card once the page has been painted and hydrated. It renders nothing and never blocks the
 * profile: the JS-SDK code is a chunk of its own, fetched only now, and every failure leaves the page as it is.
 */
export function ShareCard({ scripts }: ShareCardProps) {
  useEffect(() => {
    let cancelled = false;
    import('./share-card-setup')
      .then(({ setUpShareCard }) => (cancelled ? undefined : setUpShareCard(scripts)))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [scripts]);
  return null;
}
