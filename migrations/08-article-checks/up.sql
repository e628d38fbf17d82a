-- 08-article-checks: when each article URL was first fetched and last checked,
-- so a known article is fetched again only on its source's re-check schedule
-- (hours after first_seen) or when its list says it changed, not every run.
--
-- checked_at moves on every answer that settles the URL: a page stored, a 304,
-- a page given up on. list_changed is what the list said of the article's last
-- change (sitemap lastmod, feed updated, datasource time) when it was last
-- checked; a list that later says a newer time triggers a re-check.
CREATE TABLE article_checks (
    url          TEXT PRIMARY KEY,
    first_seen   TEXT NOT NULL,  -- RFC 3339 UTC
    checked_at   TEXT NOT NULL,  -- RFC 3339 UTC
    list_changed TEXT            -- RFC 3339 UTC, or NULL when the list gave no time
) STRICT, WITHOUT ROWID;

-- What earlier versions knew: stored articles, their aliases, links given up on.
INSERT OR IGNORE INTO article_checks (url, first_seen, checked_at)
    SELECT a.canonical_url, a.first_seen, coalesce(p.checked_at, a.updated_at)
    FROM articles a LEFT JOIN pages p ON p.url = a.canonical_url;
INSERT OR IGNORE INTO article_checks (url, first_seen, checked_at)
    SELECT u.url, p.checked_at, p.checked_at
    FROM article_urls u JOIN pages p ON p.url = u.url;
INSERT OR IGNORE INTO article_checks (url, first_seen, checked_at)
    SELECT url, min(given_up), max(given_up) FROM backlog
    WHERE given_up IS NOT NULL GROUP BY url;

-- The list's change time per link, so a list answering 304 still tells it.
ALTER TABLE list_links ADD COLUMN changed TEXT;
