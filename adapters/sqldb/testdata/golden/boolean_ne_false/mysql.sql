SELECT t0.`ID` FROM `Items` t0 WHERE (t0.`Active` IS NULL OR t0.`Active` <> ?) ORDER BY t0.`ID`
-- bool false
