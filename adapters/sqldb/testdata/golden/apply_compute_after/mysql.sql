SELECT `g0`, `a0`, `a1`, `c3`, `c4`, `c5` FROM (SELECT *, (`c3` * CAST(? AS DECIMAL(65,30))) AS `c5` FROM (SELECT * FROM (SELECT *, ROUND((CAST(`a0` AS DECIMAL(65,30)) / `a1`), 10) AS `c3`, (`a1` + ?) AS `c4` FROM (SELECT CAST(CONVERT(t1.`Country` USING utf8mb4) AS BINARY) AS `g0`, SUM(t0.`Price`) AS `a0`, COUNT(*) AS `a1` FROM `Items` t0 LEFT JOIN `Categories` t1 ON t0.`CategoryID` = t1.`ID` GROUP BY CAST(CONVERT(t1.`Country` USING utf8mb4) AS BINARY)) t2) t3 WHERE (`c3` > CAST(? AS DECIMAL(65,30)))) t4) t5 ORDER BY `c3` DESC, CAST(CONVERT(`g0` USING utf8mb4) AS BINARY) LIMIT ?
-- string "2"
-- int64 1
-- string "2"
-- int64 3
