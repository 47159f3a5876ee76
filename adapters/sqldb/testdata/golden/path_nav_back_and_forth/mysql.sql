SELECT COUNT(*) FROM `Lines` t0 WHERE EXISTS (SELECT 1 FROM `Items` t1 WHERE t0.`ItemID` = t1.`ID` AND (t1.`ID` = ?))
-- int64 7
