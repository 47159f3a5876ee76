SELECT t0.`ID` FROM `Items` t0 WHERE NOT (t0.`Name` LIKE CONVERT(? USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') ORDER BY t0.`ID`
-- string "%x%"
