-- 05-backlog-and-page-errors: what a run leaves for later, and why its pages failed.
--
-- backlog: per source, the article links found but never stored, in the order
-- they were found. A run takes them before re-checking known articles, up to
-- max_articles_per_run; what it does not take waits for the next run. A link
-- leaves when it is stored (under any source). A link that failed for good (a
-- 404, a hostile page) is kept with `given_up` set: it no longer waits, and it
-- is not queued again as new while the list keeps naming it.
CREATE TABLE backlog (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    position  INTEGER NOT NULL,           -- queue order within the source
    tries     INTEGER NOT NULL DEFAULT 0, -- runs in which it failed in a way that may pass
    given_up  TEXT,                       -- RFC 3339 UTC: when it failed for good
    PRIMARY KEY (source_id, url)
) STRICT, WITHOUT ROWID;
CREATE INDEX backlog_order ON backlog(source_id, position);
CREATE INDEX backlog_url ON backlog(url);

-- A run's count of links left over now means links waiting in the backlog
-- (before, links past the limit, which were never taken).
ALTER TABLE runs RENAME COLUMN skipped TO waiting;
-- The last page that failed in the run, with its URL ("URL: reason").
ALTER TABLE runs ADD COLUMN page_error TEXT;

-- Backoffs recorded before this version may come from one page's 429 and keep
-- a whole host away for up to 24 h; a list that still asks to wait says so again.
DELETE FROM host_backoff;
