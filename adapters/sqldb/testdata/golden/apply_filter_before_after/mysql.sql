SELECT `g0`, `a0` FROM (SELECT t0.`Active` AS `g0`, SUM(t0.`Qty`) AS `a0` FROM `Items` t0 WHERE (t0.`Qty` > ?) GROUP BY t0.`Active`) t1 WHERE (`a0` > ?) AND (`g0` <> 0) ORDER BY `g0`
-- int64 1
-- int64 10
