SELECT t0.`ID`, t0.`Name`, t0.`Code`, t0.`Price`, t0.`Qty`, t0.`Big`, t0.`Ratio`, t0.`Active`, t0.`Released`, t0.`Updated`, t0.`Uid`, t0.`CategoryID`, t0.`Rank`, t0.`Stamp` FROM `Items` t0 WHERE (((((YEAR(t0.`Updated`) = ? AND MONTH(t0.`Updated`) = ?) AND DAYOFMONTH(t0.`Updated`) = ?) AND HOUR(t0.`Updated`) = ?) AND MINUTE(t0.`Updated`) = ?) AND SECOND(t0.`Updated`) = ?) ORDER BY t0.`ID`
-- int64 2024
-- int64 3
-- int64 1
-- int64 23
-- int64 30
-- int64 15
