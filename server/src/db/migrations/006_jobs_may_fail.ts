import type { Migration } from '../../../../src/shared/sqlite/migrate';

// `may_fail`: whether the worker may end the job with a simulated failure (--fail-rate). The demo's
// videos that are still processing on first run are queued with 0, so a newcomer's first seconds show
// them finishing rather than failing and refunding; every generation a user asks for keeps 1.
export const m006JobsMayFail: Migration = {
  version: 6,
  name: 'jobs_may_fail',
  up: `ALTER TABLE jobs ADD COLUMN may_fail INTEGER NOT NULL DEFAULT 1 CHECK (may_fail IN (0, 1));`,
};
