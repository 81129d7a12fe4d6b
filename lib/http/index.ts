import 'server-only';

export { failurePageBody, failurePageResponse, type FailurePageId } from './failure-page';
export { htmlPageResponse } from './html-page';
export { OPEN_IN_WECHAT, QR_SIGN_IN_LABEL, openInWeChatResponse, scanToOpenHtml } from './open-in-wechat';
export { checkRequest } from './query-guard';
export { redirectResponse } from './redirect';
export {
  isPhoneBrowser,
  isSameOriginPost,
  isWeChatBrowser,
  requestSite,
  resolveOrigin,
  type RequestSite,
} from './request-info';
export { NO_STORE } from './security-headers';
