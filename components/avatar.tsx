/** Only https URLs and same-origin paths are shown; anything else falls back to the placeholder. */
export function isUsableAvatar(src: string | null | undefined): src is string {
  if (!src) return false;
  if (src.startsWith('/') && !src.startsWith('//')) return true;
  try {
    return new URL(src).protocol === 'https:';
  } catch {
    return false;
  }
}

export function Avatar({ src, nickname }: { src: string | null | undefined; nickname: string }) {
  if (!isUsableAvatar(src)) {
    return (
      <div className="avatar avatar_placeholder" role="img" aria-label={`${nickname}的头像（未设置）`}>
        <svg viewBox="0 0 64 64" aria-hidden="true" focusable="false">
          <circle cx="32" cy="24" r="12" />
          <path d="M10 58c2-13 11-20 22-20s20 7 22 20z" />
        </svg>
      </div>
    );
  }
  return (
    // The avatar is the page's largest paint, so it is fetched first (React puts the priority on its preload link too).
    // eslint-disable-next-line @next/next/no-img-element -- a remote WeChat avatar; next/image would proxy it through the server
    <img
      className="avatar"
      src={src}
      alt={`${nickname}的头像`}
      width={96}
      height={96}
      referrerPolicy="no-referrer"
      fetchPriority="high"
    />
  );
}
