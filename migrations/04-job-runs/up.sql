-- 04-job-runs: the last schedule slot each scheduled job handled (ran, or
-- skipped because the previous run was still going), so that a slot that
-- passed while the daemon was down is caught up exactly once at start.
-- `job` is the scheduler's job name ("source:<name>", "digest").

CREATE TABLE job_runs (
    job       TEXT PRIMARY KEY,
    last_slot TEXT NOT NULL              -- RFC 3339 UTC, as the other timestamps
) STRICT, WITHOUT ROWID;
