import 'server-only';

export { decide, decideJssdk, type Failure, type JssdkFailure, type Outcome, type Situation } from './decide';
export { HOP_PARAMETER, MAX_HOPS, hopFromQuery } from './hops';
export { PROFILE_PATH, QR_PATH, UPGRADE_TO_USERINFO_PATH, qrSignInPath, redirectUriFor, signInPath } from './links';
export { landingBlocks, type LandingBlock } from './landing';
export { loadProfile, type ProfileLoad } from './load-profile';
export { relayDestination } from './relay';
export { renewSession } from './renew';
export { respond, withErrorPage } from './respond';
export { announceSignIn, sessionForCode } from './sign-in';
export { readSignInStart, redirectToWeChat, type SignInStart } from './start';
