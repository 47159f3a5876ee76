SELECT t0.`ID` FROM `Items` t0 WHERE ((t0.`Name` = ? AND CAST(CONVERT(t0.`Name` USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY)) OR (t0.`Code` IN (?, ?) AND CAST(CONVERT(t0.`Code` USING utf8mb4) AS BINARY) IN (CAST(CONVERT(? USING utf8mb4) AS BINARY), CAST(CONVERT(? USING utf8mb4) AS BINARY)))) ORDER BY t0.`ID`
-- string "O'Brien"
-- string "O'Brien"
-- string "a"
-- string "B"
-- string "a"
-- string "B"
