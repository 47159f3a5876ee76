SELECT t0.`ID` FROM `Items` t0 WHERE ((((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE LOWER(?) ESCAPE '!') OR LOWER(t0.`Code`) LIKE LOWER(?) ESCAPE '!') AND NOT (((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE LOWER(?) ESCAPE '!') OR LOWER(t0.`Code`) LIKE LOWER(?) ESCAPE '!'))) OR ((t0.`Name` IS NOT NULL AND LOWER(t0.`Name`) LIKE LOWER(?) ESCAPE '!') OR LOWER(t0.`Code`) LIKE LOWER(?) ESCAPE '!')) ORDER BY t0.`ID`
-- string "%acme%"
-- string "%acme%"
-- string "%50!%%"
-- string "%50!%%"
-- string "%Ünï%"
-- string "%Ünï%"
