import 'server-only';

export { decide, type Failure, type Outcome, type Situation } from './decide';
export { MAX_HOPS, hopFromQuery, sessionHop } from './hops';
export { CALLBACK_PATH, PROFILE_PATH, UPGRADE_TO_USERINFO_PATH, refreshPath, signInPath } from './links';
export { loadProfile, type ProfileLoad } from './load-profile';
export { renewSession } from './renew';
export { respond, withErrorPage } from './respond';
