-- 06-new-to-reader: what counts as news for a recipient.
-- recipients: when each recipient (bare address) was first seen by a digest round; its
-- first digest reaches back at most [digest].first_digest_lookback_hours before that.
-- Recipients of earlier digests are known since their first digest.
-- highlights.revised: 1 for a highlight that `re-extract` found in an article seen before the
-- last digest: stored and listed, not mailed as news.
-- highlights_digest_order: the digest's order (region, first sighting, id), so that the
-- selection stops after max_items instead of sorting every highlight.

CREATE TABLE recipients (
    address    TEXT PRIMARY KEY,
    first_seen TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO recipients (address, first_seen)
    SELECT recipient, min(created_at) FROM digests GROUP BY recipient;

ALTER TABLE highlights ADD COLUMN revised INTEGER NOT NULL DEFAULT 0 CHECK (revised IN (0, 1));

CREATE INDEX highlights_digest_order ON highlights(region_code, first_seen);
