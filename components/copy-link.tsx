import { OPEN_IN_WECHAT } from '@/lib/http/open-in-wechat';

/** The link to this page and a copy button, which copy-link.js reveals; without JS the field stays selectable. */
export function CopyLink({ url, nonce }: { url: string; nonce: string | null }) {
  return (
    <div className="copy-link">
      <input className="weui-input" id="page-url" readOnly value={url} aria-label={OPEN_IN_WECHAT.fieldLabel} />
      <button type="button" className="weui-btn weui-btn_primary" id="copy-link" hidden>
        {OPEN_IN_WECHAT.copy}
      </button>
      <p className="copy-link__status" id="copy-status" role="status" />
      <script src={OPEN_IN_WECHAT.script} nonce={nonce ?? undefined} async />
    </div>
  );
}
