/** Seeded WeChat users of the mock, one per kind of user WeChat produces (WECHAT-PROTOCOL §3, §6). */
export interface Persona {
  id: PersonaId;
  label: string;
  /** The user's openid in the service account. */
  openid: string;
  /** The same user's openid in the mock's second app, the website app: another id, the same unionid (§17). */
  websiteOpenid: string;
  unionid?: string;
  nickname: string;
  sex: number | string;
  province: string;
  city: string;
  country: string;
  /** Path of the avatar on thirdwx.qlogo.cn, without the size segment; empty for no avatar. */
  avatarPath: string;
  privilege: string[];
  snapshot: boolean;
  /** Whether the user follows the service account: since when (Unix seconds) and through which channel (§18). */
  follows?: { since: number; scene: string };
}

export type PersonaId = 'full' | 'post2021' | 'snapshot' | 'no-avatar' | 'emoji';

export const PERSONAS: readonly Persona[] = [
  {
    id: 'full',
    label: '完整资料（2021 年前）',
    openid: 'oMockFullProfile000000000001',
    websiteOpenid: 'oWebFullProfile0000000000001',
    unionid: 'oUnionFullProfile00000000001',
    nickname: '张小明',
    sex: 1,
    province: '广东',
    city: '深圳',
    country: '中国',
    avatarPath: '/mmopen/vi_32/MockFullProfileAvatar',
    privilege: ['chinaunicom'],
    snapshot: false,
    // 2019-03-15 09:30 in Beijing, by scanning the account's QR code.
    follows: { since: 1552613400, scene: 'ADD_SCENE_QR_CODE' },
  },
  {
    id: 'post2021',
    label: '2021 年后：无性别、地区',
    openid: 'oMockPost2021User00000000002',
    websiteOpenid: 'oWebPost2021User000000000002',
    unionid: 'oUnionPost2021User0000000002',
    nickname: '恩爸',
    sex: 0,
    province: '',
    city: '',
    country: '',
    avatarPath: '/mmopen/vi_32/MockPost2021Avatar',
    privilege: [],
    snapshot: false,
  },
  {
    id: 'snapshot',
    label: '快照页虚拟用户',
    openid: 'oMockSnapshotVirtual00000003',
    websiteOpenid: 'oWebSnapshotVirtual000000003',
    unionid: 'oUnionSnapshotVirtual0000003',
    nickname: '微信用户',
    sex: 0,
    province: '',
    city: '',
    country: '',
    avatarPath: '/mmopen/vi_32/MockSnapshotGreyAvatar',
    privilege: [],
    snapshot: true,
  },
  {
    id: 'no-avatar',
    label: '无头像、无 unionid',
    openid: 'oMockNoAvatarNoUnion00000004',
    websiteOpenid: 'oWebNoAvatarNoUnion000000004',
    nickname: '李雷',
    sex: '2',
    province: '',
    city: '',
    country: '',
    avatarPath: '',
    privilege: [],
    snapshot: false,
  },
  {
    id: 'emoji',
    label: '表情昵称',
    openid: 'oMockEmojiNickname0000000005',
    websiteOpenid: 'oWebEmojiNickname00000000005',
    unionid: 'oUnionEmojiNickname000000005',
    nickname: '🐼熊猫🎋Panda✨',
    sex: 2,
    province: '四川',
    city: '成都',
    country: '中国',
    avatarPath: '/mmopen/vi_32/MockEmojiAvatar',
    privilege: [],
    snapshot: false,
    // 00:30 on 2022-08-09 in Beijing, still the 8th in UTC; a channel §18's table does not name.
    follows: { since: 1659976200, scene: 'ADD_SCENE_UNDOCUMENTED' },
  },
];

export const DEFAULT_PERSONA: PersonaId = 'full';

export function findPersona(id: string | null | undefined): Persona | undefined {
  return PERSONAS.find((persona) => persona.id === id);
}

export function avatarUrl(persona: Persona): string {
  return persona.avatarPath ? `https://thirdwx.qlogo.cn${persona.avatarPath}/132` : '';
}

/** The mock corp's people (WECHAT-PROTOCOL §19.3): members with and without the privateinfo fields, and an outsider. */
export interface WeComPersona {
  id: 'member' | 'member-empty' | 'outsider';
  label: string;
  /** A member's account; an outsider has an openid instead (§19.3). */
  userid?: string;
  openid?: string;
  name: string;
  position: string;
  /** What auth/getuserdetail answers with a ticket: empty when the admin enabled none of the fields. */
  detail: Record<string, string>;
}

export const WECOM_PERSONAS: readonly WeComPersona[] = [
  {
    id: 'member',
    label: '企业成员：完整资料',
    userid: 'zhangsan',
    name: '张三',
    position: '产品经理',
    detail: {
      gender: '1',
      avatar: 'https://wework.qpic.cn/wwhead/MockMemberAvatar/0',
      email: 'zhangsan@example.com',
      mobile: '13800138000',
    },
  },
  {
    id: 'member-empty',
    label: '企业成员：新应用，字段为空',
    userid: 'lisi',
    name: '',
    position: '',
    detail: {},
  },
  { id: 'outsider', label: '非企业成员', openid: 'oWeComOutsider00000000000001', name: '', position: '', detail: {} },
];
