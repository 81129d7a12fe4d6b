/** What the landing page offers where the visitor is (CONTRACT's GET / row; WECHAT-PROTOCOL §12, §17). */
import { landingBlocks } from '@/lib/auth/links';

type Visitor = Parameters<typeof landingBlocks>[0];

const visitor = (changes: Partial<Visitor>): Visitor => ({
  inWeChat: false,
  signsInAnyBrowser: false,
  signedIn: false,
  qrSignIn: false,
  phone: false,
  returnTo: '/profile',
  ...changes,
});
const kinds = (changes: Partial<Visitor>) => landingBlocks(visitor(changes)).map((block) => block.kind);

describe('landingBlocks', () => {
  it('in WeChat: the one button, into a sign-in that asks first, and nothing about QR codes', () => {
    expect(landingBlocks(visitor({ inWeChat: true, qrSignIn: true, phone: true }))).toEqual([
      { kind: 'profile', href: '/auth/wechat?returnTo=%2Fprofile', ask: true },
    ]);
  });

  it('signed in, anywhere: the button goes straight to /profile, and no QR sign-in is offered', () => {
    expect(landingBlocks(visitor({ inWeChat: true, signedIn: true }))).toEqual([
      { kind: 'profile', href: '/profile', ask: false },
    ]);
    expect(kinds({ signedIn: true, qrSignIn: true })).toEqual(['profile', 'open-in-wechat']);
  });

  it('a desktop, mock off, no website app: no button into a sign-in that cannot start here, only the QR code of the page', () => {
    expect(kinds({})).toEqual(['open-in-wechat']);
  });

  it('a desktop with a website app: 微信扫码登录 first, as the primary button, beside the QR code of the page', () => {
    const blocks = landingBlocks(visitor({ qrSignIn: true }));
    expect(blocks).toEqual([
      { kind: 'qr-sign-in', href: '/auth/wechat/qr?returnTo=%2Fprofile', primary: true, phone: false },
      { kind: 'open-in-wechat', path: '/' },
    ]);
  });

  it('a phone browser other than WeChat: the open-in-WeChat guidance first, the QR sign-in after it, worded for a phone', () => {
    expect(landingBlocks(visitor({ qrSignIn: true, phone: true }))).toEqual([
      { kind: 'open-in-wechat', path: '/' },
      { kind: 'qr-sign-in', href: '/auth/wechat/qr?returnTo=%2Fprofile', primary: false, phone: true },
    ]);
  });

  it('mock mode in a phone browser: the mock sign-in alone, no QR sign-in that would need a second device', () => {
    expect(kinds({ signsInAnyBrowser: true, qrSignIn: true, phone: true })).toEqual(['profile']);
  });

  it('mock mode in a desktop browser: the mock sign-in first, then the mock’s QR sign-in, and no open-in-WeChat notice', () => {
    const blocks = landingBlocks(visitor({ signsInAnyBrowser: true, qrSignIn: true }));
    expect(blocks).toEqual([
      { kind: 'profile', href: '/auth/wechat?returnTo=%2Fprofile', ask: true },
      { kind: 'qr-sign-in', href: '/auth/wechat/qr?returnTo=%2Fprofile', primary: false, phone: false },
    ]);
  });

  it('a desktop with WeCom’s web login: 企业微信登录 beside the others, never on a phone or once signed in', () => {
    expect(landingBlocks(visitor({ weComSignIn: true, qrSignIn: true, returnTo: '/profile?tab=1' }))).toEqual([
      { kind: 'qr-sign-in', href: '/auth/wechat/qr?returnTo=%2Fprofile%3Ftab%3D1', primary: true, phone: false },
      { kind: 'wecom-sign-in', href: '/auth/wecom/qr?returnTo=%2Fprofile%3Ftab%3D1' },
      { kind: 'open-in-wechat', path: '/?returnTo=%2Fprofile%3Ftab%3D1' },
    ]);
    expect(kinds({ weComSignIn: true, phone: true })).toEqual(['open-in-wechat']);
    expect(kinds({ weComSignIn: true, signedIn: true })).toEqual(['profile', 'open-in-wechat']);
  });

  it('carries the returnTo it was opened with into every way forward, and into the link of its own QR code', () => {
    const returnTo = '/profile?tab=2';
    expect(landingBlocks(visitor({ inWeChat: true, returnTo }))).toEqual([
      { kind: 'profile', href: '/auth/wechat?returnTo=%2Fprofile%3Ftab%3D2', ask: true },
    ]);
    expect(landingBlocks(visitor({ inWeChat: true, signedIn: true, returnTo }))).toEqual([
      { kind: 'profile', href: returnTo, ask: false },
    ]);
    expect(landingBlocks(visitor({ qrSignIn: true, returnTo }))).toEqual([
      { kind: 'qr-sign-in', href: '/auth/wechat/qr?returnTo=%2Fprofile%3Ftab%3D2', primary: true, phone: false },
      { kind: 'open-in-wechat', path: '/?returnTo=%2Fprofile%3Ftab%3D2' },
    ]);
  });
});
