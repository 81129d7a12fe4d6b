import 'server-only';

export { decide, type Failure, type Outcome, type Situation } from './decide';
export { MAX_HOPS, hopFromQuery, sessionHop } from './hops';
export {
  CALLBACK_PATH,
  PROFILE_PATH,
  RELAY_PATH,
  UPGRADE_TO_USERINFO_PATH,
  redirectUriFor,
  refreshPath,
  signInPath,
} from './links';
export { loadProfile, type ProfileLoad } from './load-profile';
export { relayDestination } from './relay';
export { renewSession } from './renew';
export { respond, withErrorPage } from './respond';
