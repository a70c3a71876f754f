import { existsSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { IMPORT_KINDS, ROLES, ROLE_SCOPE_KIND, type ImportKind, type Role } from '@baoxue/shared';
import { DEFAULT_DATA_DIR, DEFAULT_PORT, runtimeConfig } from './config';
import { AppError, type ErrorDetail } from './errors';

// Commands load what they need when they run, so `--help` and bad arguments answer at once.
const server = () => import('./server');
const database = async () => ({ ...(await import('./db/connection')), ...(await import('./db/migrate')) });

/** Bad input: the message is shown as it is and the exit code is 2. */
export class CliError extends Error {}

const out = (line: string) => process.stdout.write(`${line}\n`);

const COMMON = {
  data: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

interface Command {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

function dataOf(values: Record<string, unknown>): { data?: string } {
  return typeof values.data === 'string' ? { data: values.data } : {};
}

function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`缺少参数 --${name} / missing --${name}`);
  return v.trim();
}

function parseKind(kind: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind))
    throw new CliError(`未知名册类型 / unknown kind: ${kind} (${IMPORT_KINDS.join(', ')})`);
  return kind as ImportKind;
}

function parseSchoolYear(text: string): number {
  const year = Number(text);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new CliError(
      `学年无效 / invalid school year: ${text}（应为起始年份，如 2026 / its starting year, e.g. 2026）`,
    );
  return year;
}

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: '启动服务（网页与 API）/ start the server (web app and API)',
    usage: `baoxue serve [--data DIR] [--port N] [--host H] [--no-demo]
  --data DIR   嵌入式数据库目录 / embedded database folder (default ./${DEFAULT_DATA_DIR}); ignored when DATABASE_URL is set
  --port N     端口 / port (default ${DEFAULT_PORT})
  --no-demo    空库时不生成演示县 / do not seed the demo county into an empty database`,
    options: { port: { type: 'string' }, host: { type: 'string' }, 'no-demo': { type: 'boolean' } },
    async run(values) {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        throw new CliError(`端口无效 / invalid port: ${String(values.port)}`);
      }
      const config = runtimeConfig({
        ...dataOf(values),
        ...(port ? { port } : {}),
        ...(typeof values.host === 'string' ? { host: values.host } : {}),
      });
      await (await server()).startServer(config, { demo: values['no-demo'] !== true, log: out });
      return new Promise<never>(() => undefined);
    },
  },
  migrate: {
    summary: '升级数据库结构 / migrate the database to the latest schema',
    usage: 'baoxue migrate [--data DIR]',
    async run(values) {
      const config = runtimeConfig(dataOf(values));
      const { connect, migrateToLatest } = await database();
      const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(handle.db);
        out(
          applied.length ? `已执行 / applied: ${applied.join(', ')}` : '数据库已是最新 / already up to date',
        );
      } finally {
        await handle.close();
      }
    },
  },
  seed: {
    summary: '生成演示县 / seed the demo county: baoxue seed demo',
    usage: 'baoxue seed demo [--data DIR]',
    async run(values, positionals) {
      if (positionals[0] !== 'demo') throw new CliError('用法 / usage: baoxue seed demo [--data DIR]');
      const config = runtimeConfig(dataOf(values));
      const { connect, migrateToLatest } = await database();
      const { seedDemoCounty } = await import('./demo/seed');
      const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(handle.db);
        const existing = await handle.db.selectFrom('counties').select('county_code').executeTakeFirst();
        if (existing)
          throw new CliError(
            `数据库中已有县 ${existing.county_code}，不能再生成演示县 / the database already holds a county`,
          );
        const summary = await seedDemoCounty(handle.db);
        out('演示县已生成 / demo county seeded:');
        for (const a of summary.accounts) out(`  ${a.username.padEnd(10)} ${a.password}   ${a.role}`);
      } finally {
        await handle.close();
      }
    },
  },
  user: {
    summary: '用户管理 / users: baoxue user add | reset-password',
    usage: `baoxue user add --username U --name NAME --role ROLE --scope CODE [--password P] [--data DIR]
baoxue user reset-password --username U [--password P] [--data DIR]
  ROLE: ${ROLES.join(', ')}
  CODE: county 6 digits, town 9, village 12, school 10, inspection zone id, or a teacher's staff id
  Without --password a strong one is generated and printed; the user must change it at first login.`,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      password: { type: 'string' },
      'full-id': { type: 'boolean' },
    },
    async run(values, positionals) {
      const sub = positionals[0];
      if (sub !== 'add' && sub !== 'reset-password') {
        throw new CliError('用法 / usage: baoxue user add … | baoxue user reset-password …');
      }
      const config = runtimeConfig(dataOf(values));
      const { addUserFromCli, resetPasswordFromCli } = await import('./modules/users/users.cli');
      const { handle } = await (await server()).openDatabase(config, { demo: false });
      try {
        const username = requireString(values, 'username');
        const password = typeof values.password === 'string' ? values.password : undefined;
        if (sub === 'add') {
          const role = requireString(values, 'role');
          if (!(ROLES as readonly string[]).includes(role))
            throw new CliError(`未知角色 / unknown role: ${role} (${ROLES.join(', ')})`);
          const result = await addUserFromCli(handle.db, config.countyCode, {
            username,
            displayName: requireString(values, 'name'),
            role: role as Role,
            scopeCode: requireString(values, 'scope'),
            password,
            canViewFullId: values['full-id'] === true,
          });
          out(`已创建用户 / created ${username} (${ROLE_SCOPE_KIND[role as Role]} ${String(values.scope)})`);
          if (!password) out(`初始密码 / initial password: ${result.password}`);
        } else {
          const result = await resetPasswordFromCli(handle.db, config.countyCode, username, password);
          out(`已重置 / reset ${username}; 下次登录须修改 / must change at next login`);
          if (!password) out(`新密码 / new password: ${result.password}`);
        }
      } finally {
        await handle.close();
      }
    },
  },
  import: {
    summary: '导入名册文件 / import a roster: baoxue import <kind> FILE --school-year Y',
    usage: `baoxue import <kind> FILE --school-year Y [--all-or-nothing] [--data DIR]
  kind: ${IMPORT_KINDS.join(' | ')}
  .xlsx（第一个工作表）或 .csv（UTF-8 / GB18030）/ .xlsx (first sheet) or .csv (UTF-8 / GB18030)
  --all-or-nothing  有任何错误行则全部不导入 / write nothing while any row is invalid
  退出码 / exit: 0 已导入（有误的行会列出）/ imported (refused rows listed); 2 未写入任何数据 / nothing written`,
    options: { 'school-year': { type: 'string' }, 'all-or-nothing': { type: 'boolean' } },
    async run(values, positionals) {
      const [kind, file] = positionals;
      if (!kind || !file) throw new CliError('用法 / usage: baoxue import <kind> FILE --school-year Y');
      const importKind = parseKind(kind);
      if (!existsSync(file)) throw new CliError(`找不到文件 / no such file: ${file}`);
      const schoolYear = parseSchoolYear(requireString(values, 'school-year'));
      const config = runtimeConfig(dataOf(values));
      const { runImportCommand } = await import('./modules/imports/imports.cli');
      const { handle } = await (await server()).openDatabase(config, { demo: false });
      try {
        const county = await handle.db
          .selectFrom('counties')
          .select('county_code')
          .where('county_code', '=', config.countyCode)
          .executeTakeFirst();
        if (!county)
          throw new CliError(
            `数据库中没有县 ${config.countyCode} / no county ${config.countyCode} in the database`,
          );
        return await runImportCommand(
          handle.db,
          config.countyCode,
          {
            kind: importKind,
            file,
            schoolYear,
            mode: values['all-or-nothing'] === true ? 'all_or_nothing' : 'valid_rows',
          },
          out,
          (line) => process.stderr.write(`${line}\n`),
        );
      } finally {
        await handle.close();
      }
    },
  },
  template: {
    summary: '下载导入模板 / write an import template: baoxue template <kind> [--out FILE]',
    usage: `baoxue template <kind> [--out FILE]
  kind: ${IMPORT_KINDS.join(' | ')}
  默认写入当前目录 / written to the current folder by default`,
    options: { out: { type: 'string' } },
    async run(values, positionals) {
      const kind = positionals[0];
      if (!kind) throw new CliError(`用法 / usage: baoxue template <${IMPORT_KINDS.join('|')}> [--out FILE]`);
      const importKind = parseKind(kind);
      const { writeTemplate } = await import('./modules/imports/imports.cli');
      const { templateFileName } = await import('./modules/imports/templates');
      const file =
        typeof values.out === 'string' && values.out.trim()
          ? values.out.trim()
          : templateFileName(importKind);
      await writeTemplate(importKind, file);
      out(`已写入模板 / template written: ${file}`);
    },
  },
  reconcile: {
    summary: '文件比对（不需要数据库）/ reconcile roster files without a database',
    usage: `baoxue reconcile --school-year Y --population FILE --enrollment FILE
                 [--out-of-county FILE] [--exemptions FILE] [--compulsory-age 6-15] --out RESULT.(xlsx|csv|json)`,
    options: {
      'school-year': { type: 'string' },
      population: { type: 'string' },
      enrollment: { type: 'string' },
      'out-of-county': { type: 'string' },
      exemptions: { type: 'string' },
      out: { type: 'string' },
      'compulsory-age': { type: 'string' },
    },
    async run(values) {
      const argv = Object.entries(values).flatMap(([k, v]) =>
        typeof v === 'string' && k !== 'data' ? [`--${k}`, v] : [],
      );
      const { runReconcileCommand } = await import('./modules/reconciliation/file-mode');
      return runReconcileCommand(argv);
    },
  },
  jobs: {
    summary: '立即运行每日任务（缺勤升级、逾期督办、消息发送）/ run the daily jobs now',
    usage: `baoxue jobs [--day YYYY-MM-DD] [--data DIR]
  --day   按该日运行 / run as of this day (default: today, Beijing time)
  服务进程每 15 分钟自动运行；此命令供补跑或外部定时器使用 / the server runs them every 15 minutes;
  this is for catching up or for an external scheduler`,
    options: { day: { type: 'string' } },
    async run(values) {
      const day = typeof values.day === 'string' ? values.day.trim() : undefined;
      if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw new CliError(`日期格式应为 YYYY-MM-DD / the day must be YYYY-MM-DD: ${day}`);
      const config = runtimeConfig(dataOf(values));
      const { runDailyJobs } = await import('./modules/schedule/schedule.service');
      const { systemClock } = await import('./lib/clock');
      const { handle } = await (await server()).openDatabase(config, { demo: false });
      try {
        for (const r of await runDailyJobs(handle.db, config.countyCode, systemClock, day))
          out(`${r.day} ${r.job}: ${JSON.stringify(r.summary)}`);
      } finally {
        await handle.close();
      }
    },
  },
  backup: {
    summary: '备份全部数据 / back up all data to one file',
    usage: 'baoxue backup --out FILE [--data DIR]',
    options: { out: { type: 'string' } },
    async run(values) {
      const file = requireString(values, 'out');
      const config = runtimeConfig(dataOf(values));
      if (!config.databaseUrl && !existsSync(config.dataDir))
        throw new CliError(`数据目录不存在 / no data folder: ${config.dataDir}`);
      const { connect, migrateToLatest } = await database();
      const { backup } = await import('./db/backup');
      const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        await migrateToLatest(handle.db);
        const counts = await backup(handle.db, file);
        out(`已备份到 / backed up to ${file}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows`);
      } finally {
        await handle.close();
      }
    },
  },
  restore: {
    summary: '从备份文件恢复到空库 / restore a backup into an empty database',
    usage: 'baoxue restore FILE [--data DIR]',
    async run(values, positionals) {
      const file = positionals[0];
      if (!file) throw new CliError('用法 / usage: baoxue restore FILE [--data DIR]');
      if (!existsSync(file)) throw new CliError(`找不到备份文件 / no such file: ${file}`);
      const config = runtimeConfig(dataOf(values));
      const { connect } = await database();
      const { restore } = await import('./db/backup');
      const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const counts = await restore(handle.db, file);
        out(`已恢复 / restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows from ${file}`);
      } finally {
        await handle.close();
      }
    },
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `保学 Baoxue — 控辍保学平台命令行 / command-line tool

用法 / usage: baoxue <command> [options]   (baoxue <command> --help)

${lines.join('\n')}

环境变量 / environment: DATABASE_URL (PostgreSQL; default: embedded database in ./data), PORT`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`未知命令 / unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...COMMON, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      out(command.usage);
      return 0;
    }
    return (await command.run(values, positionals)) ?? 0;
  } catch (error) {
    return reportError(error);
  }
}

/** A detail printed as the error is, Chinese / English; once where both are the same (a value). */
function bothLanguages(d: ErrorDetail): string {
  return d.message === d.messageEn ? d.message : `${d.message} / ${d.messageEn}`;
}

function reportError(error: unknown): number {
  if (error instanceof CliError || (error instanceof Error && error.name === 'BackupError')) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (error instanceof AppError) {
    const details = error.details?.map((d) => `  ${d.path}: ${bothLanguages(d)}`).join('\n');
    process.stderr.write(`${error.messages.zh} / ${error.messages.en}${details ? `\n${details}` : ''}\n`);
    return 2;
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`参数错误 / bad arguments: ${error.message}\n`);
    return 2;
  }
  process.stderr.write(
    `意外错误 / unexpected error: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  return 1;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== 0 || !process.argv.includes('serve')) process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
