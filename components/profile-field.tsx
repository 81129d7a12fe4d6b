import { PLACEHOLDER } from '@/lib/wechat/profile';

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
