/** @jest-environment jest-fixed-jsdom */
// Not plain jsdom: the QR panel's module imports next/server, which needs the fetch API classes jsdom lacks.
import { render, screen } from '@testing-library/react';
import { renderToStaticMarkup } from 'react-dom/server';
import { OpenInWeChat } from '@/components/open-in-wechat';
import { OPEN_IN_WECHAT, scanToOpenHtml } from '@/lib/http/open-in-wechat';

const URL_WITH_QUOTES = 'https://wx.example.com/?q="><script>alert(1)</script>';

/** The landing page's section: the shared wording and the QR panel of `url`, as app/page.tsx puts them together. */
async function section(url: string, nonce: string | null = 'abc') {
  return (
    <OpenInWeChat
      heading={OPEN_IN_WECHAT.heading}
      message={OPEN_IN_WECHAT.message}
      panelHtml={await scanToOpenHtml(url)}
      script={OPEN_IN_WECHAT.script}
      nonce={nonce}
    />
  );
}

describe('<OpenInWeChat> with the panel of scanToOpenHtml', () => {
  it('explains that the page must be opened in WeChat and shows a QR code as an SVG', async () => {
    render(await section('https://wx.example.com/'));
    expect(screen.getByRole('heading', { name: '请在微信中打开此页面' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '本页链接的二维码' }).querySelector('svg')).not.toBeNull();
  });

  it('shows the link in a read-only field and a copy button that the script reveals', async () => {
    render(await section('https://wx.example.com/'));
    const field = screen.getByRole('textbox', { name: '本页链接' });
    expect(field).toHaveValue('https://wx.example.com/');
    expect(field).toHaveAttribute('readonly');
    const button = document.getElementById('copy-link');
    expect(button).toHaveTextContent('复制链接');
    expect(button).toHaveAttribute('type', 'button');
    expect(button).not.toBeVisible();
  });

  it("loads the copy script with the request's nonce, since the CSP allows no inline script", async () => {
    // React hoists the async script into <head> once per document, so read the server's markup instead.
    const html = renderToStaticMarkup(await section('https://wx.example.com/', 'n0nce'));
    expect(html).toMatch(/<script src="\/scripts\/copy-link\.js" nonce="n0nce" async="">/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
  });

  it('keeps a hostile URL as the field value, not markup', async () => {
    const { container } = render(await section(URL_WITH_QUOTES, null));
    expect(screen.getByRole('textbox', { name: '本页链接' })).toHaveValue(URL_WITH_QUOTES);
    expect(container.querySelector('script:not([src])')).toBeNull();
  });
});
