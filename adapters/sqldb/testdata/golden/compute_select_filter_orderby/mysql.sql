SELECT t0.`ID`, t0.`Name`, t0.`$c0` FROM (SELECT t0.*, (t0.`Price` * t0.`Qty`) AS `$c0`, YEAR(t0.`Released`) AS `$c1` FROM `Items` t0) t0 WHERE (t0.`$c0` > CAST(? AS DECIMAL(65,30)) AND t0.`$c1` = ?) ORDER BY t0.`$c0` DESC, t0.`ID` LIMIT ?
-- string "100"
-- int64 2024
-- int64 10
