import { OPEN_IN_WECHAT } from '@/lib/http/open-in-wechat';
import { CopyLink } from './copy-link';
import { QrCode } from './qr-code';

/** Outside WeChat's browser web authorization cannot run (WECHAT-PROTOCOL §12): a QR code and the link to take there. */
export function OpenInWeChat({ url, qrSvg, nonce }: { url: string; qrSvg: string; nonce: string | null }) {
  return (
    <section className="outside" aria-labelledby="outside-title">
      <h2 id="outside-title" className="outside__title">
        {OPEN_IN_WECHAT.heading}
      </h2>
      <p className="weui-cells__tips">{OPEN_IN_WECHAT.message}</p>
      <QrCode svg={qrSvg} label={OPEN_IN_WECHAT.qrLabel} />
      <CopyLink url={url} nonce={nonce} />
    </section>
  );
}
