SELECT t0.`ID`, t0.`$c0`, t0.`$c1` FROM (SELECT t0.*, t1.`Country` AS `$c0`, ((t0.`Active` <> 0 AND (t0.`Ratio` IS NOT NULL AND t0.`Ratio` > ?))) AS `$c1` FROM `Items` t0 LEFT JOIN `Categories` t1 ON t0.`CategoryID` = t1.`ID`) t0 LEFT JOIN `Categories` t2 ON t0.`CategoryID` = t2.`ID` WHERE (CAST(CONVERT(t0.`$c0` USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY) AND (t2.`Title` IS NULL OR CAST(CONVERT(t2.`Title` USING utf8mb4) AS BINARY) <> CAST(CONVERT(? USING utf8mb4) AS BINARY))) ORDER BY t0.`ID`
-- float64 0.5
-- string "DE"
-- string "x"
