import 'server-only';

export { decide, decideJssdk, type Failure, type JssdkFailure, type Outcome, type Situation } from './decide';
export { HOP_PARAMETER, MAX_HOPS, hopFromQuery } from './hops';
export { PROFILE_PATH, UPGRADE_TO_USERINFO_PATH, redirectUriFor, signInPath } from './links';
export { loadProfile, type ProfileLoad } from './load-profile';
export { relayDestination } from './relay';
export { renewSession } from './renew';
export { respond, withErrorPage } from './respond';
