import 'server-only';
import QRCode from 'qrcode';

/** An SVG QR code of `text`, rendered on the server; the SVG contains no script and no text from the URL. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
}
