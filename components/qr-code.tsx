import { qrCodeSvg } from '@/lib/http/qr-code';

/** A server-rendered SVG QR code; the markup comes from the qrcode library, never from user input. */
export async function QrCode({ text, label }: { text: string; label: string }) {
  const svg = await qrCodeSvg(text);
  return (
    <figure className="qr">
      <div className="qr__code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="qr__caption">用微信“扫一扫”打开</figcaption>
    </figure>
  );
}
