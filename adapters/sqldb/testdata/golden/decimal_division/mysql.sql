SELECT t0.`ID`, t0.`Name`, t0.`Code`, t0.`Price`, t0.`Qty`, t0.`Big`, t0.`Ratio`, t0.`Active`, t0.`Released`, t0.`Updated`, t0.`Uid`, t0.`CategoryID`, t0.`Rank`, t0.`Stamp` FROM `Items` t0 WHERE ((CAST(t0.`Price` AS DECIMAL(65,30)) / CAST(? AS DECIMAL(65,30))) > CAST(? AS DECIMAL(65,30)) AND (CAST(t0.`Qty` AS DECIMAL(65,30)) / CAST(? AS DECIMAL(65,30))) = CAST(? AS DECIMAL(65,30))) ORDER BY t0.`ID`
-- string "2"
-- string "1.25"
-- string "2"
-- string "1.5"
