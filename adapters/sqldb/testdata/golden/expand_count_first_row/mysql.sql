SELECT t0.`ID`, t0.`Title` FROM `Categories` t0 ORDER BY t0.`ID`
-- related Items
SELECT w.c0, w.c1, w.c2, w.rn, w.cnt FROM (SELECT t0.`Name` AS c0, t0.`ID` AS c1, t0.`CategoryID` AS c2, ROW_NUMBER() OVER (PARTITION BY t0.`CategoryID` ORDER BY t0.`ID`) AS rn, COUNT(*) OVER (PARTITION BY t0.`CategoryID`) AS cnt FROM `Items` t0 WHERE t0.`CategoryID` IN (?, ?, ?)) w WHERE (w.rn > ?) OR w.rn = 1 ORDER BY w.c2, w.rn
-- int64 1
-- int64 2
-- int64 3
-- int64 3
