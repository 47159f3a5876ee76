SELECT t0.`ID` FROM `Items` t0 WHERE ((((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') OR LOWER(t0.`Code`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') AND NOT (((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') OR LOWER(t0.`Code`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!'))) OR ((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!') OR LOWER(t0.`Code`) LIKE CONVERT(LOWER(?) USING utf8mb4) COLLATE utf8mb4_bin ESCAPE '!')) ORDER BY t0.`ID`
-- string "%acme%"
-- string "%acme%"
-- string "%50!%%"
-- string "%50!%%"
-- string "%Ünï%"
-- string "%Ünï%"
