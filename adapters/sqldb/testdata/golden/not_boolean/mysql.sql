SELECT t0.`ID` FROM `Items` t0 WHERE NOT (t0.`Active` <> 0) ORDER BY t0.`ID`
