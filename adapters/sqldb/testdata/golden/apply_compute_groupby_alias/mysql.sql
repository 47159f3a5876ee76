SELECT `g0`, `g1`, `a0` FROM (SELECT t0.`$c0` AS `g0`, t0.`$c1` AS `g1`, SUM(t0.`Qty`) AS `a0` FROM (SELECT t0.*, YEAR(t0.`Released`) AS `$c0`, ((YEAR(t0.`Released`)) + ?) AS `$c1` FROM `Items` t0) t0 GROUP BY t0.`$c0`, t0.`$c1`) t1 ORDER BY `a0` DESC, `g0`, `g1`
-- int64 1
