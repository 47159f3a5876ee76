UPDATE `Items` SET `Name` = ?, `Price` = CAST(? AS DECIMAL(65,30)) WHERE `Items`.`ID` = ?
-- string "O'Brien"
-- string "12.5"
-- int64 7
