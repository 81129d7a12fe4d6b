/** @jest-environment jsdom */
import { render, screen } from '@testing-library/react';
import { renderToStaticMarkup } from 'react-dom/server';
import { OpenInWeChat } from '@/components/open-in-wechat';

// The QR code itself is drawn by lib/http/qr-code.ts (tested in node); jsdom lacks the TextEncoder it needs.
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><path d="M0 0h1v1H0z"/></svg>';
const URL_WITH_QUOTES = 'https://wx.example.com/?q="><script>alert(1)</script>';

describe('<OpenInWeChat>', () => {
  it('explains that the page must be opened in WeChat and shows a QR code as an SVG', () => {
    render(<OpenInWeChat url="https://wx.example.com/" qrSvg={SVG} nonce="abc" />);
    expect(screen.getByRole('heading', { name: '请在微信中打开此页面' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '本页链接的二维码' }).querySelector('svg')).not.toBeNull();
  });

  it('shows the link in a read-only field and a copy button that the script reveals', () => {
    render(<OpenInWeChat url="https://wx.example.com/" qrSvg={SVG} nonce="abc" />);
    const field = screen.getByRole('textbox', { name: '本页链接' });
    expect(field).toHaveValue('https://wx.example.com/');
    expect(field).toHaveAttribute('readonly');
    const button = document.getElementById('copy-link');
    expect(button).toHaveTextContent('复制链接');
    expect(button).toHaveAttribute('type', 'button');
    expect(button).not.toBeVisible();
  });

  it("loads the copy script with the request's nonce, since the CSP allows no inline script", () => {
    // React hoists the async script into <head> once per document, so read the server's markup instead.
    const html = renderToStaticMarkup(<OpenInWeChat url="https://wx.example.com/" qrSvg={SVG} nonce="n0nce" />);
    expect(html).toMatch(/<script src="\/scripts\/copy-link\.js" nonce="n0nce" async="">/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
  });

  it('keeps a hostile URL as the field value, not markup', () => {
    const { container } = render(<OpenInWeChat url={URL_WITH_QUOTES} qrSvg={SVG} nonce={null} />);
    expect(screen.getByRole('textbox', { name: '本页链接' })).toHaveValue(URL_WITH_QUOTES);
    expect(container.querySelector('script:not([src])')).toBeNull();
  });
});
