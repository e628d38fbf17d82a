-- 02-list-links: the article links last found on each list page or feed, so
-- that when the list answers 304 Not Modified its articles can still be
-- checked (conditionally) for changes without parsing the list again.

CREATE TABLE list_links (
    page_url  TEXT NOT NULL,
    position  INTEGER NOT NULL,
    url       TEXT NOT NULL,
    title     TEXT,
    published TEXT,
    PRIMARY KEY (page_url, position)
) STRICT, WITHOUT ROWID;
