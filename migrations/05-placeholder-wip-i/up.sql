-- TEMPORARY (branch wip-i only): stands for the coordinator's other 05 migration so that
-- 07 is consecutive when this branch runs alone. Drop this folder when merging.
CREATE TABLE placeholder_wip_i_05 (x INTEGER) STRICT;
DROP TABLE placeholder_wip_i_05;
