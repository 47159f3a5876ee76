SELECT t0.`ID` FROM `Items` t0 ORDER BY t0.`ID` LIMIT ?
-- int64 10
