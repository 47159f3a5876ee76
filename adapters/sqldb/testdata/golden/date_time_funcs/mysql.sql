SELECT t0.`ID`, t0.`Name`, t0.`Code`, t0.`Price`, t0.`Qty`, t0.`Big`, t0.`Ratio`, t0.`Active`, t0.`Released`, t0.`Updated`, t0.`Uid`, t0.`CategoryID`, t0.`Rank`, t0.`Stamp` FROM `Items` t0 WHERE (((DATE(t0.`Updated`) = CAST(? AS DATE) AND TIME(t0.`Updated`) < CAST(? AS TIME(6))) AND (MICROSECOND(t0.`Updated`) * 0.000001) > CAST(? AS DECIMAL(65,30))) AND CASE WHEN t0.`Updated` IS NULL THEN NULL ELSE 0 END = ?) ORDER BY t0.`ID`
-- string "2024-03-01"
-- string "23:59:00.000000"
-- string "0"
-- int64 0
