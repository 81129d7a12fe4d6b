/** The budgets of issue 6 (and 12, 13); the bench reports them, no test asserts them (speed is machine-dependent). */
export const BUDGETS = {
  callsPerUserinfoSignIn: 2,
  callsPerBaseSignIn: 1,
  callsPerViewWithinTtl: 0,
  callsPerViewAfterTtl: 1,
  /** The one refresh of the view that finds the token expired; the next view needs none. */
  refreshesPerRenewingView: 1,
  connectionsPer100SignIns: 2,
  signInOverheadMs: { p50: 10, p99: 30 },
  repeatViewShareOfFloor: 0.6,
  profileAppJsBytes: 5 * 1024,
  rssMb: 300,
  rssGrowthShare: 0.1,
  lighthousePerformance: 95,
  lighthouseAccessibility: 100,
  lighthouseBestPractices: 95,
  /** Completed sign-ins per second at 16 connections, app over the seed, by WeChat's answer time in ms. */
  appOverSeedSignInRate: { 0: 1.0, 20: 1.5 } as Readonly<Record<number, number>>,
  /** The app's CPU time per sign-in over the seed's. */
  appOverSeedCpuPerSignIn: 1,
  /** JS-SDK: cgi-bin calls for a whole burst of config requests, and /profile's own JS outside WeChat. */
  jssdkStableTokenCalls: 1,
  jssdkTicketCalls: 1,
  profileAppJsOutsideWeChatBytes: 0,
} as const;
