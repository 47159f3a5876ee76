SELECT t0.`ID` FROM `Items` t0 ORDER BY (t0.`Qty` * ?) DESC, t0.`ID`
-- int64 2
