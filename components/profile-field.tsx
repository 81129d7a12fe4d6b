import { PLACEHOLDER } from '@/lib/wechat/profile';

export function ProfileField({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  const empty = value === PLACEHOLDER;
  return (
    <div className="weui-cell">
      <div className="weui-cell__bd">{label}</div>
      <div className={`weui-cell__ft${empty ? ' is-empty' : ''}${mono ? ' is-mono' : ''}`}>{value}</div>
    </div>
  );
}
