-- TEMPORARY (branch wip-j only): stands for the digest's 06 migration so that
-- 07 is consecutive when this branch runs alone. Drop this folder when merging.
CREATE TABLE placeholder_wip_j_06 (x INTEGER) STRICT;
DROP TABLE placeholder_wip_j_06;
