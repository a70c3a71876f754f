// Synthetic people for the demo county: names put together at random from common
// surname and given-name characters (never a list of real people), and phone numbers
// that cannot reach anyone.
import type { Gender } from '@baoxue/shared';
import { WeightedTable, type Random } from './random';

/** Common surnames with rough relative frequencies (the most common ones dominate, as in real rosters). */
const SURNAMES = new WeightedTable<string>([
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 55],
  ['陈', 45],
  ['杨', 35],
  ['赵', 20],
  ['黄', 18],
  ['周', 17],
  ['吴', 16],
  ['徐', 14],
  ['孙', 13],
  ['胡', 12],
  ['朱', 11],
  ['高', 11],
  ['林', 9],
  ['何', 9],
  ['郭', 9],
  ['马', 9],
  ['罗', 8],
  ['梁', 7],
  ['宋', 7],
  ['郑', 7],
  ['谢', 6],
  ['韩', 6],
  ['唐', 6],
  ['冯', 6],
  ['于', 5],
  ['董', 5],
  ['萧', 2],
  ['程', 5],
  ['曹', 5],
  ['袁', 5],
  ['邓', 5],
  ['许', 5],
  ['傅', 4],
  ['沈', 4],
  ['曾', 4],
  ['彭', 4],
  ['吕', 4],
  ['苏', 4],
  ['卢', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['贾', 3],
  ['丁', 3],
  ['魏', 4],
  ['薛', 3],
  ['叶', 3],
  ['阎', 3],
  ['余', 3],
  ['潘', 3],
  ['杜', 3],
  ['戴', 3],
  ['夏', 3],
  ['钟', 3],
  ['汪', 3],
  ['田', 3],
  ['任', 3],
  ['姜', 3],
  ['范', 3],
  ['方', 3],
  ['石', 3],
  ['姚', 3],
  ['谭', 3],
  ['廖', 2],
  ['邹', 2],
  ['熊', 2],
  ['金', 2],
  ['陆', 2],
  ['郝', 2],
  ['孔', 2],
  ['白', 2],
  ['崔', 2],
  ['康', 2],
  ['毛', 2],
  ['邱', 2],
  ['秦', 2],
  ['江', 2],
  ['史', 2],
  ['顾', 2],
  ['侯', 2],
  ['邵', 2],
  ['孟', 2],
  ['龙', 2],
  ['万', 2],
  ['段', 2],
  ['雷', 2],
  ['钱', 2],
  ['汤', 2],
  ['尹', 2],
  ['黎', 2],
  ['易', 2],
  ['常', 2],
  ['武', 2],
  ['乔', 2],
  ['贺', 2],
  ['赖', 1],
  ['龚', 1],
  ['文', 1],
  ['蹇', 1],
  ['付', 2],
  ['寇', 1],
  ['苟', 1],
  ['母', 1],
  ['欧阳', 1],
  ['司马', 1],
]);

// Given-name characters in the style of children born 2008–2026 …
const CHILD_BOY =
  '浩宇轩子涵博文俊杰然泽睿航明鹏磊晨阳辰鑫豪凯毅诚昊天一嘉志锐安乐逸恒铭思远宏瑞宸煜皓霖梓奕彬硕骏翔朗峻哲钰畅晗'.split(
    '',
  );
const CHILD_GIRL =
  '梓涵欣怡雨萱诗琪佳悦思语婷雪晴瑶妍可馨心欢蕊菲彤洁蓉露倩莉琳若汐依诺玥嘉一芊静雅舒童宁月颖'.split('');
// … and of their parents, grandparents and the adults who work with them.
const ADULT_MALE = '建国华军平伟强明勇刚志永海林峰东庆文斌涛兵成德福贵龙荣红波鹏辉亮杰全新忠祥'.split('');
const ADULT_FEMALE = '秀英兰芳红梅玲霞丽娟燕萍琴凤桂春艳华敏静利莉翠琼娥云珍芬丹慧娜'.split('');

// Names of minority families written with a middle dot (Uyghur/Kazakh style transcriptions).
const MINORITY_GIVEN_M = ['艾力', '买买提', '阿不都', '努尔', '伊力', '艾克拜尔', '吐尔逊', '热合曼'];
const MINORITY_GIVEN_F = ['阿依', '古丽', '迪丽', '热依拉', '帕提', '努尔', '再努尔', '米热'];
const MINORITY_FAMILY = [
  '艾则孜',
  '吐尔逊',
  '阿不都',
  '买合木提',
  '依明',
  '热合曼',
  '沙吾提',
  '托乎提',
  '阿木提',
  '玉素甫',
];

export type NameStyle = 'child' | 'adult';

export class NameGenerator {
  constructor(private readonly rng: Random) {}

  surname(): string {
    return SURNAMES.draw(this.rng);
  }

  /** One or two characters; two characters are more common, and never the same character twice except by design. */
  given(gender: Gender, style: NameStyle = 'child'): string {
    const chars =
      style === 'child'
        ? gender === 'M'
          ? CHILD_BOY
          : CHILD_GIRL
        : gender === 'M'
          ? ADULT_MALE
          : ADULT_FEMALE;
    const first = this.rng.pick(chars);
    const oneChar = this.rng.chance(style === 'child' ? 0.22 : 0.35);
    if (oneChar) return first;
    // Doubled names (婷婷, 明明) are a real, if small, fashion.
    if (this.rng.chance(0.03)) return first + first;
    let second = this.rng.pick(chars);
    while (second === first) second = this.rng.pick(chars);
    return first + second;
  }

  full(gender: Gender, style: NameStyle = 'child', surname?: string): string {
    return (surname ?? this.surname()) + this.given(gender, style);
  }

  /** e.g. 阿依·吐尔逊: given name, middle dot, family name. */
  minority(gender: Gender, family?: string): string {
    const given = this.rng.pick(gender === 'M' ? MINORITY_GIVEN_M : MINORITY_GIVEN_F);
    return `${given}·${family ?? this.minorityFamily()}`;
  }

  minorityFamily(): string {
    return this.rng.pick(MINORITY_FAMILY);
  }
}

/**
 * Phone numbers are 11 digits starting with `100`: no Chinese mobile number starts with
 * 10 (mobile prefixes are 13x–19x), so these can never ring a real person.
 */
export const SYNTHETIC_PHONE_PREFIX = '100';

export function isSyntheticPhone(phone: string): boolean {
  return /^100\d{8}$/.test(phone);
}

/** Hands out distinct synthetic phone numbers, deterministic for a given generator. */
export class PhoneGenerator {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  next(): string {
    for (;;) {
      const phone = SYNTHETIC_PHONE_PREFIX + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.used.has(phone)) {
        this.used.add(phone);
        return phone;
      }
    }
  }
}
