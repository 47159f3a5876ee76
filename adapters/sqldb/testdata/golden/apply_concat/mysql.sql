SELECT `u1`, `u0`, `u2` FROM (SELECT 0 AS `b`, x1.`r1` AS `r`, x1.`a0` AS `u0`, NULL AS `u1`, NULL AS `u2` FROM (SELECT `a0`, 1 AS `r1` FROM (SELECT SUM(t0.`Price`) AS `a0` FROM `Items` t0 WHERE (t0.`Qty` > ?)) t2) x1 UNION ALL SELECT 1 AS `b`, x2.`r3` AS `r`, x2.`a0` AS `u0`, x2.`g0` AS `u1`, x2.`a1` AS `u2` FROM (SELECT `g0`, `a0`, `a1`, ROW_NUMBER() OVER (ORDER BY `a0` DESC, CAST(CONVERT(`g0` USING utf8mb4) AS BINARY)) AS `r3` FROM (SELECT CAST(CONVERT(t4.`Country` USING utf8mb4) AS BINARY) AS `g0`, SUM(t0.`Price`) AS `a0`, COUNT(*) AS `a1` FROM `Items` t0 LEFT JOIN `Categories` t4 ON t0.`CategoryID` = t4.`ID` WHERE (t0.`Qty` > ?) GROUP BY CAST(CONVERT(t4.`Country` USING utf8mb4) AS BINARY)) t5 ORDER BY `a0` DESC, CAST(CONVERT(`g0` USING utf8mb4) AS BINARY) LIMIT ?) x2) t6 ORDER BY `b`, `r`, CAST(CONVERT(`u1` USING utf8mb4) AS BINARY) LIMIT ?
-- int64 0
-- int64 0
-- int64 2
-- int64 5
