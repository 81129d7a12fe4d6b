import { OPEN_IN_WECHAT } from '@/lib/http/open-in-wechat';

/** A QR code SVG made on the server by the qrcode library (lib/http/qr-code.ts); it carries no text from the URL. */
export function QrCode({ svg, label }: { svg: string; label: string }) {
  return (
    <figure className="qr">
      <div className="qr__code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="qr__caption">{OPEN_IN_WECHAT.qrCaption}</figcaption>
    </figure>
  );
}
