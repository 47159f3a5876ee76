SELECT t0.`ID` FROM `Items` t0 WHERE CAST(CONVERT(CASE WHEN t0.`Active` <> 0 THEN ? WHEN NOT (t0.`Active` <> 0) THEN ? END USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY) ORDER BY t0.`ID`
-- string "true"
-- string "false"
-- string "true"
