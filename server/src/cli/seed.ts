import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openServerDb } from '../db/open';
import { checkFfmpeg } from '../media/render';
import { SEED_USAGE, SeedUsageError, parseSeedArgs, type SeedArgs } from '../seed/args';
import { SeedConflictError, seedDatabase } from '../seed/seed';

// `npm run seed -- --data <dir> --users <n> --videos <m> [--json]`. Exit codes: 0 done, 1 the seed
// failed (nothing was written), 2 bad arguments.

async function main(): Promise<number> {
  let args: SeedArgs;
  try {
    args = parseSeedArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof SeedUsageError)) throw err;
    process.stderr.write(`seed: ${err.message}\n\n${SEED_USAGE}\n`);
    return 2;
  }
  const ffmpeg = await checkFfmpeg();
  if (!ffmpeg.ok) {
    process.stderr.write(`seed: ready videos need rendered media, but ${ffmpeg.message}\n`);
    return 1;
  }
  mkdirSync(args.dataDir, { recursive: true });
  const db = openServerDb(join(args.dataDir, 'server.db'));
  try {
    const report = await seedDatabase(db, args.dataDir, {
      users: args.users,
      videosPerUser: args.videos,
      pool: args.pool,
      renderSeconds: args.renderSeconds,
      rngSeed: args.rngSeed,
      log: (line) => process.stderr.write(`seed: ${line}\n`),
    });
    const summary =
      `seeded ${report.users.length} users and ${report.videos} videos ` +
      `(${report.ready} ready, ${report.failed} failed, ${report.processing} processing) in ${report.seconds} s`;
    if (args.json) {
      process.stderr.write(`seed: ${summary}\n`);
      process.stdout.write(`${JSON.stringify({ users: report.users })}\n`);
    } else {
      process.stdout.write(`${summary}\n`);
      for (const u of report.users.slice(0, 5))
        process.stdout.write(`  ${u.email}  ${u.password}  (${u.plan})\n`);
      if (report.users.length > 5) process.stdout.write(`  … use --json for every password\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof SeedConflictError) {
      process.stderr.write(`seed: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(
      `seed: failed; no users or videos were written: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  } finally {
    db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`seed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
