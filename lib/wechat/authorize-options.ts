import 'server-only';
import type { AuthorizeOptions } from './authorize-url';

/**
 * The one place an app opts in to WeChat's optional authorize parameters (README, "Authorize options"). All off:
 * the canonical URL of WECHAT-PROTOCOL §1.1. Set one to true to append it to every service-account sign-in.
 */
export const AUTHORIZE_OPTIONS: Readonly<AuthorizeOptions> = {
  forcePopup: false,
  forceSnapShot: false,
  connectRedirect: false,
};
