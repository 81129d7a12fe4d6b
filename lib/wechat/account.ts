import 'server-only';
import { requestWeChat, type RequestContext } from './request';
import { AccountTokenSchema, JsapiTicketSchema, type AccountToken, type JsapiTicket } from './schemas';

export interface AccountApi {
  fetchAccountToken(): Promise<AccountToken>;
  fetchJsapiTicket(accountToken: string): Promise<JsapiTicket>;
}

/** The account-level calls behind the JS-SDK (WECHAT-PROTOCOL §15): never the legacy cgi-bin/token. */
export function createAccountApi(ctx: RequestContext, appId: string, appSecret: string): AccountApi {
  return {
    // WECHAT-PROTOCOL §15.1: normal mode returns the live token and invalidates nothing; force_refresh would.
    fetchAccountToken: () =>
      requestWeChat(ctx, 'cgi-bin/stable_token', '', AccountTokenSchema, {
        retryBusy: true,
        post: JSON.stringify({
          grant_type: 'client_credential',
          appid: appId,
          secret: appSecret,
          force_refresh: false,
        }),
      }),
    fetchJsapiTicket: (accountToken) =>
      requestWeChat(
        ctx,
        'cgi-bin/ticket/getticket',
        `access_token=${encodeURIComponent(accountToken)}&type=jsapi`,
        JsapiTicketSchema,
        { retryBusy: true },
      ),
  };
}
