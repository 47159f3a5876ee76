SELECT t0.`ID`, t0.`Name` FROM `Items` t0 WHERE t0.`CategoryID` = ? ORDER BY t0.`ID` LIMIT ?
-- int64 1
-- int64 5
