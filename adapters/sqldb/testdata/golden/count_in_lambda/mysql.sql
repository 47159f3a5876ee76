SELECT t0.`ID`, t0.`Title`, t0.`Country` FROM `Categories` t0 WHERE EXISTS (SELECT 1 FROM `Items` t1 WHERE t0.`ID` = t1.`CategoryID` AND ((SELECT COUNT(*) FROM `Lines` t2 WHERE t1.`ID` = t2.`ItemID`) >= ?)) ORDER BY t0.`ID`
-- int64 2
