import { PLACEHOLDER, type FollowView } from '@/lib/wechat/profile';

/** One WeUI cell of a <dl>: WeChat sends empty strings for withheld fields, which must never show as a blank cell. */
export function ProfileField({
  label,
  value,
  mono = false,
}: {
  label: string;
  value: string | null | undefined;
  mono?: boolean;
}) {
  const text = value?.trim() ? value : PLACEHOLDER;
  const empty = text === PLACEHOLDER;
  return (
    <div className="weui-cell">
      <dt className="weui-cell__bd">{label}</dt>
      <dd className={`weui-cell__ft${empty ? ' is-empty' : ''}${mono && !empty ? ' is-mono' : ''}`}>{text}</dd>
    </div>
  );
}

/** The 公众号 row: 已关注 with when and how, or 未关注 with a way to follow when the operator gave one. */
export function FollowField({ view, followUrl }: { view: FollowView; followUrl: string | null }) {
  const detail = view.following ? [view.since, view.channel].filter(Boolean).join(' · ') : '';
  return (
    <div className="weui-cell">
      <dt className="weui-cell__bd">公众号</dt>
      <dd className="weui-cell__ft follow">
        {view.following ? '已关注' : '未关注'}
        {detail && <span className="follow__detail">{detail}</span>}
        {!view.following && followUrl && (
          <a className="weui-btn weui-btn_default weui-btn_mini" href={followUrl}>
            关注公众号
          </a>
        )}
      </dd>
    </div>
  );
}
