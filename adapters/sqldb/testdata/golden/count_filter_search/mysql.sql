SELECT COUNT(*) FROM `Items` t0 WHERE (t0.`Active` <> 0) AND (((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE LOWER(?) ESCAPE '!') OR LOWER(t0.`Code`) LIKE LOWER(?) ESCAPE '!'))
-- string "%acme%"
-- string "%acme%"
