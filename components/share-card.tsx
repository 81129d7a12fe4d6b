/**
 * In WeChat only: the share card's script (public/scripts/share-card.js), with the page's nonce. A plain script and
 * not a client component, so the page ships no JS of its own outside WeChat; it starts after the page has loaded.
 */
export function ShareCard({ sdk, nonce }: { sdk: readonly string[]; nonce: string | null }) {
  return <script src="/scripts/share-card.js" data-sdk={sdk.join(' ')} nonce={nonce ?? undefined} defer />;
}
