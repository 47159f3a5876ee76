SELECT COUNT(*) FROM (SELECT t0.*, CONCAT(t0.`Name`, t0.`Code`) AS `$c0` FROM `Items` t0) t0 WHERE CAST(CONVERT(t0.`$c0` USING utf8mb4) AS BINARY) = CAST(CONVERT(? USING utf8mb4) AS BINARY)
-- string "ab"
