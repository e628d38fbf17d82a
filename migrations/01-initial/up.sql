-- 01-initial: sources and their fetch state, articles, highlights, run log.
-- Timestamps are UTC RFC 3339 text with milliseconds and a `Z`
-- (2026-01-02T03:04:05.000Z), so text order is time order.
-- JSON columns hold arrays/objects written by regionwatch (serde_json).

CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL UNIQUE,
    url                  TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    last_run_at          TEXT,
    last_success_at      TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    articles_found       INTEGER NOT NULL DEFAULT 0,
    highlights_found     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Validators of every fetched URL (list pages, feeds, articles) for conditional GET.
CREATE TABLE pages (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,
    checked_at    TEXT NOT NULL
) STRICT;

-- Retry-After remembered across runs.
CREATE TABLE host_backoff (
    host  TEXT PRIMARY KEY,
    until TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    title         TEXT NOT NULL,
    published     TEXT,            -- as extracted: RFC 3339 with offset, or YYYY-MM-DD
    published_at  TEXT,            -- the same instant in UTC (a bare date: midnight Beijing time), for filters
    source_name   TEXT,            -- the agency or site the page names ("Xinhua")
    editors       TEXT NOT NULL,   -- JSON array of strings
    language      TEXT NOT NULL CHECK (language IN ('en', 'zh')),
    body          TEXT NOT NULL,
    captions      TEXT NOT NULL,   -- JSON array of strings
    content_hash  TEXT NOT NULL,   -- sha256 hex of body
    layout        TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    fetched_url   TEXT NOT NULL,   -- where raw_page came from (re-extract hint)
    content_type  TEXT,            -- its Content-Type header (re-extract charset hint)
    raw_page      BLOB NOT NULL    -- deflate-compressed page bytes; last so scans skip it
) STRICT;
CREATE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_published_at ON articles(published_at);

-- Other URLs under which an article's content was seen.
CREATE TABLE article_urls (
    url        TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) STRICT;
CREATE INDEX article_urls_article ON article_urls(article_id);

CREATE TABLE highlights (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL CHECK (length(region_code) = 6),
    region      TEXT NOT NULL,
    text        TEXT NOT NULL,
    text_key    TEXT NOT NULL,     -- text normalised for deduplication
    themes      TEXT NOT NULL,     -- JSON array of strings
    speaker     TEXT,              -- JSON object {name, role} or NULL
    places      TEXT NOT NULL,     -- JSON array of {name, code}
    figures     TEXT NOT NULL,     -- JSON array of strings
    first_seen  TEXT NOT NULL,
    UNIQUE (region_code, text_key)
) STRICT;
CREATE INDEX highlights_first_seen ON highlights(first_seen);

CREATE TABLE highlight_articles (
    highlight_id INTEGER NOT NULL REFERENCES highlights(id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (highlight_id, article_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX highlight_articles_article ON highlight_articles(article_id);

CREATE TABLE runs (
    id               INTEGER PRIMARY KEY,
    source_id        INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    links_found      INTEGER NOT NULL DEFAULT 0,
    new_articles     INTEGER NOT NULL DEFAULT 0,
    changed_articles INTEGER NOT NULL DEFAULT 0,
    highlights_new   INTEGER NOT NULL DEFAULT 0,
    skipped          INTEGER NOT NULL DEFAULT 0,
    errors           INTEGER NOT NULL DEFAULT 0,
    error            TEXT
) STRICT;
CREATE INDEX runs_source_started ON runs(source_id, started_at);
