/**
 * Outside WeChat's browser web authorization cannot run (WECHAT-PROTOCOL §12). `panelHtml` is the QR code and link
 * from lib/http/open-in-wechat.ts, the same markup /auth/wechat answers there; copy-link.js runs with the page's nonce.
 */
export function OpenInWeChat({
  heading,
  message,
  panelHtml,
  script,
  nonce,
}: {
  heading: string;
  message: string;
  panelHtml: string;
  script: string;
  nonce: string | null;
}) {
  return (
    <section className="outside" aria-labelledby="outside-title">
      <h2 id="outside-title" className="outside__title">
        {heading}
      </h2>
      <p className="weui-cells__tips">{message}</p>
      <div dangerouslySetInnerHTML={{ __html: panelHtml }} />
      <script src={script} nonce={nonce ?? undefined} async />
    </section>
  );
}
