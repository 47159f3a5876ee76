INSERT INTO `Items` (`Name`, `Price`, `Active`, `Released`, `Updated`, `Qty`) VALUES (?, CAST(? AS DECIMAL(65,30)), ?, CAST(? AS DATE), CAST(? AS DATETIME(6)), NULL) RETURNING `ID`
-- string "O'Brien"
-- string "12.5"
-- bool true
-- string "2024-02-29"
-- string "2024-03-01 10:00:00"
