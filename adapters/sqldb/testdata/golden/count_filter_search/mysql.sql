SELECT COUNT(*) FROM `Items` t0 WHERE (t0.`Active` <> 0) AND (((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') OR LOWER(t0.`Code`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!'))
-- string "%acme%"
-- string "%acme%"
