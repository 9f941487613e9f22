// `demo`: a database full of realistic synthetic data for training, screenshots and load tests.
import { randomBytes } from 'node:crypto';
import { ETHNICITIES } from '../../../shared/catalog/ethnicities';
import { EDUCATIONS, EMPLOYMENT_STATUSES, TARGET_GROUPS } from '../../../shared/catalog/workerOptions';
import { checkCharFor } from '../../../shared/domain/idNumber';
import type { Clock } from '../../core/clock';
import { setStatus } from '../../db/repos/voucher.repo';
import { activeKey } from '../../db/repos/key.repo';
import { expireDue } from '../../services/voucher/expiry';
import { cliJobCtx, openCli } from '../runtime';
import { KEY_PASSPHRASE, passphraseFromStdin, readSecret, unlockForSigning } from '../secrets';
import { int, str, type CommandTable } from './types';

const SURNAMES = '李王张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董段晏'.split('');
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '玉兰',
  '建国',
  '春梅',
  '志强',
  '海燕',
  '䶮',
  '龑',
  '堃',
  '淼',
  '昇',
];
const VILLAGES = ['白塔村', '勐冒村', '松山村', '大坝村', '平达村', '河头村', '邦迈村', '镇东村'];
const TOWNSHIPS = [
  '530523101',
  '530523102',
  '530523103',
  '530523104',
  '530523105',
  '530523201',
  '530523203',
  '530523204',
  '530523206',
  '530523207',
];

/** A small deterministic generator so that two runs with the same seed give the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

class DemoClock implements Clock {
  offsetDays = 0;
  now() {
    return new Date(Date.now() - this.offsetDays * 86_400_000);
  }
}

const INSTITUTIONS = [
  {
    code: 'LL-PX-001',
    name: '龙陵县职业技能培训学校',
    nature: 'public' as const,
    township: '530523101',
    occupations: ['4-10-01-05', '4-14-01-03', '4-03-02-01', '4-03-02-02', '6-31-01-03'],
  },
  {
    code: 'LL-PX-002',
    name: '龙陵县云岭茶业技能培训中心',
    nature: 'enterprise' as const,
    township: '530523102',
    occupations: ['6-02-06-01', '6-02-06-03', '4-03-02-07'],
  },
  {
    code: 'LL-PX-003',
    name: '保山市林草生态职业培训学校龙陵分校',
    nature: 'school' as const,
    township: '530523201',
    occupations: ['5-02-03-02', '5-02-03-05', '5-02-02-01', '5-05-02-02'],
  },
  {
    code: 'LL-PX-004',
    name: '龙陵县电商创业服务中心',
    nature: 'private' as const,
    township: '530523101',
    occupations: ['4-01-02-02', '4-01-02-07', 'S-001'],
  },
];

export const demoCommands: CommandTable = {
  demo: {
    usage:
      'demo --db FILE --workers N [--seed S] [--passphrase-stdin]   生成演示数据：劳动者、培训机构和各状态的培训券（密钥口令：提示输入、标准输入或 LONGLING_KEY_PASSPHRASE）',
    async run(flags, io) {
      const clock = new DemoClock();
      const fromStdin = await passphraseFromStdin(flags);
      const cli = await openCli(str(flags, 'db', false), { clock, keyPassphrase: fromStdin });
      try {
        const n = int(flags, 'workers', 200);
        const rand = rng(int(flags, 'seed', 20261129));
        const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
        if (!await activeKey(cli.env.db.reader)) {
          // The passphrase is never printed. Without one (no terminal, no stdin, no environment) the
          // key gets a random one that nobody knows: it signs this demo's vouchers and nothing more.
          const given = fromStdin ?? (await readSecret(KEY_PASSPHRASE, flags, { confirm: true }));
          await cli.call('keys:create', { passphrase: given ?? randomBytes(24).toString('base64url') });
          io.out(
            given
              ? '已生成签名密钥（用您提供的口令加密保存）'
              : '已生成签名密钥：口令随机生成，未显示也未保存，此密钥只用于签发本次演示数据；以后要签发新券，请先在“系统管理 → 签名密钥”中轮换密钥并设置口令',
          );
        } else await unlockForSigning(cli, flags);
        const existing = await cli.call('catalog:institutions', {});
        for (const inst of INSTITUTIONS) {
          if (existing.some((e) => e.code === inst.code)) continue;
          const approvals = inst.occupations.flatMap((o) =>
            (o === 'S-001' ? (['syb'] as const) : (['L5', 'L4', 'L3', 'special'] as const)).map((level) => ({
              occupationCode: o,
              level,
            })),
          );
          await cli.call('catalog:institutionSave', {
            code: inst.code,
            name: inst.name,
            address: '龙陵县',
            nature: inst.nature,
            contactPerson: '张老师',
            contactPhone: '0875-6121234',
            townshipCode: inst.township,
            status: 'active',
            approvals,
          });
        }
        const institutions = await cli.call('catalog:institutions', {});
        const plans = await cli.call('catalog:plans', {});
        const skills = plans.find((p) => p.code === 'skills_upgrade')!;
        const eco = plans.find((p) => p.code === 'eco_guard')!;
        const workerIds: number[] = [];
        for (let i = 0; i < n; i++) {
          const birth = `${1966 + Math.floor(rand() * 40)}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
          const first17 = `530523${birth}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`;
          const groups = [pick(TARGET_GROUPS).code, ...(rand() < 0.3 ? ['forest_ranger' as const] : [])];
          const r = await cli.callResult('worker:create', {
            idNumber: first17 + checkCharFor(first17),
            name: pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : ''),
            ethnicity: rand() < 0.75 ? '汉族' : pick(ETHNICITIES),
            education: pick(EDUCATIONS).code,
            phone: `1${pick(['3', '5', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`,
            townshipCode: pick(TOWNSHIPS),
            village: pick(VILLAGES),
            address: `${pick(VILLAGES)}${1 + Math.floor(rand() * 9)}组`,
            householdType: rand() < 0.8 ? 'agricultural' : 'non_agricultural',
            employmentStatus: pick(EMPLOYMENT_STATUSES.filter((e) => e.code !== 'student' && e.code !== 'retired'))
              .code,
            targetGroups: groups,
          });
          if (r.ok) workerIds.push(r.value.id);
        }
        const states = ['issued', 'redeemed', 'completed', 'certified', 'settled', 'expired', 'revoked'] as const;
        const counts: Record<string, number> = {};
        for (let i = 0; i < workerIds.length; i++) {
          const state = states[i % states.length]!;
          const inst = institutions[i % institutions.length]!;
          const approval = inst.approvals[Math.floor(rand() * inst.approvals.length)]!;
          clock.offsetDays = state === 'expired' ? 120 : state === 'issued' ? 0 : 30;
          const planId = approval.occupationCode.startsWith('5-02')
            ? eco.id
            : approval.level === 'syb'
              ? plans.find((p) => p.code === 'malan_flower')!.id
              : skills.id;
          const r = await cli.callResult('voucher:issue', {
            workerId: workerIds[i]!,
            planId,
            occupationCode: approval.occupationCode,
            level: approval.level,
            institutionId: rand() < 0.5 ? inst.id : null,
            fundSource: 'employment_subsidy',
          });
          if (!r.ok) {
            if (flags.verbose) io.err(r.error.message);
            continue;
          }
          const at = clock.now().toISOString();
          const path: Record<string, string[]> = {
            redeemed: ['redeemed'],
            completed: ['redeemed', 'completed'],
            certified: ['redeemed', 'completed', 'certified'],
            settled: ['redeemed', 'completed', 'certified', 'settled'],
          };
          let from: (typeof states)[number] = 'issued';
          await cli.env.db.write(async (tx) => {
            for (const to of path[state] ?? []) {
              // Redeemed at the voucher's institution, so the dashboard's breakdown by institution has data.
              await setStatus(tx, r.value.id, from, to as never, at, null, '演示数据', { institutionId: inst.id });
              from = to as never;
            }
            if (state === 'revoked')
              await setStatus(
                                tx,
                                r.value.id,
                                'issued',
                                'revoked',
                                at,
                                null,
                                '演示：持券人放弃培训',
                                '演示：持券人放弃培训',
                              );
          });
          counts[state] = (counts[state] ?? 0) + 1;
        }
        clock.offsetDays = 0;
        await expireDue(cliJobCtx(cli, 'voucher:expire'));
        io.out(
          `演示数据已生成：劳动者 ${workerIds.length} 人，培训机构 ${institutions.length} 家，培训券 ${Object.entries(
            counts,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join('，')}`,
        );
        return 0;
      } finally {
        await cli.close();
      }
    },
  },
};
