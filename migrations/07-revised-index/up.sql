-- 07-revised-index: the highlights `re-extract` marked revised, in digest order, for a digest's
-- optional "revised" section ([digest].include_revised): few rows, so the selection reads only
-- them instead of walking highlights_digest_order past every highlight that is news.

CREATE INDEX highlights_revised ON highlights(region_code, first_seen) WHERE revised = 1;
