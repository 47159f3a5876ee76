SELECT t0.`ID`, t0.`Name`, t0.`CategoryID` FROM `Items` t0 ORDER BY t0.`ID`
-- related Category
SELECT t0.`Title`, t0.`ID` FROM `Categories` t0 WHERE t0.`ID` IN (?, ?) ORDER BY t0.`ID`
-- int64 3
-- int64 4
