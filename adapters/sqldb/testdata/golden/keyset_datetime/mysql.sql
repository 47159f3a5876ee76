SELECT t0.`ID` FROM `Items` t0 WHERE t0.`Stamp` < CAST(? AS DATETIME(6)) OR (t0.`Stamp` = CAST(? AS DATETIME(6)) AND t0.`ID` > ?) ORDER BY t0.`Stamp` DESC, t0.`ID` LIMIT ?
-- string "2024-03-01 10:00:00"
-- string "2024-03-01 10:00:00"
-- int64 3
-- int64 10
