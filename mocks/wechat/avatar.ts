const COLORS = ['#07c160', '#10aeff', '#fa9d3b', '#fa5151', '#6467f0', '#576b95'];

/** A stand-in for a thirdwx.qlogo.cn avatar: a coloured square, so mock pages never show a broken image offline. */
export function avatarSvg(path: string): Response {
  let hash = 0;
  for (const char of path) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const color = COLORS[hash % COLORS.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 132 132" width="132" height="132">` +
    `<rect width="132" height="132" fill="${color}"/><circle cx="66" cy="52" r="24" fill="#fff" opacity=".9"/>` +
    `<path d="M22 124c6-28 24-40 44-40s38 12 44 40z" fill="#fff" opacity=".9"/></svg>`;
  return new Response(svg, {
    status: 200,
    headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' },
  });
}
