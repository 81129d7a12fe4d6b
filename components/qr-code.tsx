import { qrCodeSvg } from '@/lib/http/qr-code';
import { OPEN_IN_WECHAT } from '@/lib/http/open-in-wechat';

/** A server-rendered SVG QR code; the markup comes from the qrcode library, never from user input. */
export async function QrCode({ text, label }: { text: string; label: string }) {
  const svg = await qrCodeSvg(text);
  return (
    <figure className="qr">
      <div className="qr__code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="qr__caption">{OPEN_IN_WECHAT.qrCaption}</figcaption>
    </figure>
  );
}
